package jep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Start-up settings of CPython, given to {@link MainInterpreter#setInitParams(PyConfig)}
 * before the first interpreter opens.
 *
 * <p>The settings mirror CPython's {@code PyConfig}. Only settings that are set override the
 * defaults of the base configuration: {@link #isolated()} (also what {@code new PyConfig()}
 * gives) or {@link #python()}. The {@code set...Flag} methods are the older spellings of
 * the same settings.
 */
public class PyConfig {

    private static final String ISOLATED = "isolated";
    private static final String PYTHON = "python";

    private final String base;
    private String home;
    private String programName;
    private List<String> argv;
    private Long hashSeed;
    private Boolean useHashSeed;
    private Integer optimizationLevel;
    private Boolean parseArgv;
    private Boolean siteImport;
    private Boolean useEnvironment;
    private Boolean userSiteDirectory;
    private Integer verbose;
    private Boolean writeBytecode;

    /** Creates a configuration based on CPython's isolated configuration. */
    public PyConfig() {
        this(ISOLATED);
    }

    private PyConfig(String base) {
        this.base = base;
    }

    /**
     * Returns a configuration based on CPython's Python configuration, which reads the
     * environment ({@code PYTHONPATH} and friends) and the command line like the
     * {@code python} program does.
     *
     * @return a new configuration
     */
    public static PyConfig python() {
        return new PyConfig(PYTHON);
    }

    /**
     * Returns a configuration based on CPython's isolated configuration, which ignores the
     * environment and the user site directory.
     *
     * @return a new configuration
     */
    public static PyConfig isolated() {
        return new PyConfig(ISOLATED);
    }

    /**
     * Sets {@code sys.argv}.
     *
     * @param argv the arguments
     * @return this configuration
     */
    public PyConfig setArgv(String... argv) {
        this.argv = argv == null ? null : new ArrayList<>(Arrays.asList(argv));
        return this;
    }

    /**
     * Sets the hash seed, used when {@link #setUseHashSeed(boolean)} is true. The value is
     * read as an unsigned 32-bit number, so every seed CPython accepts can be given.
     *
     * @param hashSeed the hash seed
     * @return this configuration
     */
    public PyConfig setHashSeed(int hashSeed) {
        this.hashSeed = Integer.toUnsignedLong(hashSeed);
        return this;
    }

    /**
     * Sets whether the hash seed is fixed instead of random.
     *
     * @param useHashSeed true to use the hash seed
     * @return this configuration
     */
    public PyConfig setUseHashSeed(boolean useHashSeed) {
        this.useHashSeed = useHashSeed;
        return this;
    }

    /**
     * Sets the Python home, the prefix of the standard library. krait also uses it to find
     * the Python to load when neither {@code krait.python} nor {@code KRAIT_PYTHON} is set.
     *
     * @param home the Python home directory
     * @return this configuration
     */
    public PyConfig setHome(String home) {
        this.home = home;
        return this;
    }

    /**
     * Sets the optimization level, as the {@code -O} option does.
     *
     * @param optimizationLevel 0, 1 or 2
     * @return this configuration
     */
    public PyConfig setOptimizationLevel(int optimizationLevel) {
        this.optimizationLevel = optimizationLevel;
        return this;
    }

    /**
     * Sets whether {@code argv} is parsed as Python command line options.
     *
     * @param parseArgv true to parse the arguments
     * @return this configuration
     */
    public PyConfig setParseArgv(boolean parseArgv) {
        this.parseArgv = parseArgv;
        return this;
    }

    /**
     * Sets the program name used to compute paths at start-up.
     *
     * @param programName the program name
     * @return this configuration
     */
    public PyConfig setProgramName(String programName) {
        this.programName = programName;
        return this;
    }

    /**
     * Sets whether the {@code site} module is imported at start-up.
     *
     * @param siteImport true to import {@code site}
     * @return this configuration
     */
    public PyConfig setSiteImport(boolean siteImport) {
        this.siteImport = siteImport;
        return this;
    }

    /**
     * Sets whether {@code PYTHON*} environment variables are read.
     *
     * @param useEnvironment true to read the environment
     * @return this configuration
     */
    public PyConfig setUseEnvironment(boolean useEnvironment) {
        this.useEnvironment = useEnvironment;
        return this;
    }

    /**
     * Sets whether the user site directory is added to {@code sys.path}.
     *
     * @param userSiteDirectory true to add the user site directory
     * @return this configuration
     */
    public PyConfig setUserSiteDirectory(boolean userSiteDirectory) {
        this.userSiteDirectory = userSiteDirectory;
        return this;
    }

    /**
     * Sets the verbosity, as the {@code -v} option does.
     *
     * @param verbose 0 for quiet, higher for more output
     * @return this configuration
     */
    public PyConfig setVerbose(int verbose) {
        this.verbose = verbose;
        return this;
    }

    /**
     * Sets whether {@code .pyc} files are written on import.
     *
     * @param writeBytecode true to write bytecode
     * @return this configuration
     */
    public PyConfig setWriteBytecode(boolean writeBytecode) {
        this.writeBytecode = writeBytecode;
        return this;
    }

    /**
     * Older spelling: a non-zero flag disables importing {@code site}.
     *
     * @param noSiteFlag non-zero to skip {@code site}
     * @return this configuration
     */
    public PyConfig setNoSiteFlag(int noSiteFlag) {
        return setSiteImport(noSiteFlag == 0);
    }

    /**
     * Older spelling: a non-zero flag leaves the user site directory out of {@code sys.path}.
     *
     * @param noUserSiteDirectory non-zero to skip the user site directory
     * @return this configuration
     */
    public PyConfig setNoUserSiteDirectory(int noUserSiteDirectory) {
        return setUserSiteDirectory(noUserSiteDirectory == 0);
    }

    /**
     * Older spelling: a non-zero flag ignores {@code PYTHON*} environment variables.
     *
     * @param ignoreEnvironmentFlag non-zero to ignore the environment
     * @return this configuration
     */
    public PyConfig setIgnoreEnvironmentFlag(int ignoreEnvironmentFlag) {
        return setUseEnvironment(ignoreEnvironmentFlag == 0);
    }

    /**
     * Older spelling of {@link #setVerbose(int)}.
     *
     * @param verboseFlag the verbosity
     * @return this configuration
     */
    public PyConfig setVerboseFlag(int verboseFlag) {
        return setVerbose(verboseFlag);
    }

    /**
     * Older spelling of {@link #setOptimizationLevel(int)}.
     *
     * @param optimizeFlag the optimization level
     * @return this configuration
     */
    public PyConfig setOptimizeFlag(int optimizeFlag) {
        return setOptimizationLevel(optimizeFlag);
    }

    /**
     * Older spelling: a non-zero flag stops {@code .pyc} files from being written.
     *
     * @param dontWriteBytecodeFlag non-zero to not write bytecode
     * @return this configuration
     */
    public PyConfig setDontWriteBytecodeFlag(int dontWriteBytecodeFlag) {
        return setWriteBytecode(dontWriteBytecodeFlag == 0);
    }

    /**
     * Older spelling: 0 disables hash randomization (a fixed hash seed of 0); any other
     * value keeps it enabled.
     *
     * @param hashRandomizationFlag 0 to disable hash randomization
     * @return this configuration
     */
    public PyConfig setHashRandomizationFlag(int hashRandomizationFlag) {
        if (hashRandomizationFlag == 0) {
            setUseHashSeed(true);
            setHashSeed(0);
        } else {
            setUseHashSeed(false);
            hashSeed = null;
        }
        return this;
    }

    /**
     * Older spelling of {@link #setHome(String)}.
     *
     * @param pythonHome the Python home directory
     * @return this configuration
     */
    public PyConfig setPythonHome(String pythonHome) {
        return setHome(pythonHome);
    }

    /** Returns the Python home, or null when not set. */
    String getHome() {
        return home;
    }

    /** Returns the program name, or null when not set. */
    String getProgramName() {
        return programName;
    }

    /**
     * Returns the settings in the {@code key=value} form of {@code KraitNative.startPython}:
     * the base configuration first, then every setting that was set.
     */
    List<String> toSettings() {
        List<String> settings = new ArrayList<>();
        settings.add("config=" + base);
        add(settings, "home", home);
        add(settings, "program_name", programName);
        if (argv != null) {
            for (String arg : argv) {
                settings.add("argv=" + (arg == null ? "" : arg));
            }
        }
        add(settings, "hash_seed", hashSeed);
        add(settings, "use_hash_seed", useHashSeed);
        add(settings, "optimization_level", optimizationLevel);
        add(settings, "parse_argv", parseArgv);
        add(settings, "site_import", siteImport);
        add(settings, "use_environment", useEnvironment);
        add(settings, "user_site_directory", userSiteDirectory);
        add(settings, "verbose", verbose);
        add(settings, "write_bytecode", writeBytecode);
        return settings;
    }

    /**
     * Describes the configuration.
     *
     * @return the base configuration and the settings that were set
     */
    @Override
    public String toString() {
        return "PyConfig" + toSettings();
    }

    private static void add(List<String> settings, String key, Object value) {
        if (value instanceof Boolean) {
            settings.add(key + "=" + ((Boolean) value ? 1 : 0));
        } else if (value != null) {
            settings.add(key + "=" + value);
        }
    }
}
