//! Parsing the `key=value` start-up settings the jar sends (see
//! docs/native-contract.md) into a [`StartConfig`].

use crate::core::{BaseConfig, Error, Result, StartConfig};

/// Builds the start configuration from `key=value` settings.
pub fn parse(settings: &[String]) -> Result<StartConfig> {
    let mut config = StartConfig::default();
    for setting in settings {
        let (key, value) = setting
            .split_once('=')
            .ok_or_else(|| Error::Usage(format!("setting {setting:?} is not key=value")))?;
        let value = value.to_string();
        match key {
            "config" => {
                config.base = match value.as_str() {
                    "isolated" => BaseConfig::Isolated,
                    "python" => BaseConfig::Python,
                    other => return Err(bad(key, other, "isolated or python")),
                }
            }
            "home" => config.home = Some(value),
            "executable" => config.executable = Some(value),
            "program_name" => config.program_name = Some(value),
            "argv" => config.argv.push(value),
            "site_dir" => config.site_dirs.push(value),
            "hash_seed" => {
                config.hash_seed = Some(
                    value
                        .parse()
                        .map_err(|_| bad(key, &value, "an unsigned integer"))?,
                )
            }
            "use_hash_seed" => config.use_hash_seed = Some(flag(key, &value)?),
            "optimization_level" => config.optimization_level = Some(int(key, &value)?),
            "parse_argv" => config.parse_argv = Some(flag(key, &value)?),
            "site_import" => config.site_import = Some(flag(key, &value)?),
            "use_environment" => config.use_environment = Some(flag(key, &value)?),
            "user_site_directory" => config.user_site_directory = Some(flag(key, &value)?),
            "verbose" => config.verbose = Some(int(key, &value)?),
            "write_bytecode" => config.write_bytecode = Some(flag(key, &value)?),
            other => return Err(Error::Usage(format!("unknown start-up setting {other:?}"))),
        }
    }
    Ok(config)
}

fn bad(key: &str, value: &str, expected: &str) -> Error {
    Error::Usage(format!("setting {key}={value}: expected {expected}"))
}

fn flag(key: &str, value: &str) -> Result<bool> {
    match value {
        "0" | "false" => Ok(false),
        "1" | "true" => Ok(true),
        _ => Err(bad(key, value, "0 or 1")),
    }
}

fn int(key: &str, value: &str) -> Result<i32> {
    value.parse().map_err(|_| bad(key, value, "an integer"))
}
