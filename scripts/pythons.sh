# Sourced by the build scripts: lists the CPython executables (3.10–3.13) to
# build libkrait for, one per minor version, as "MINOR PATH" lines.
# KRAIT_BUILD_PYTHONS (space-separated executables) overrides the search,
# which looks at pyenv's versions and then python3.1x on PATH.
krait_pythons() {
    local candidates=()
    if [ -n "${KRAIT_BUILD_PYTHONS:-}" ]; then
        read -r -a candidates <<<"$KRAIT_BUILD_PYTHONS"
    else
        local root="${PYENV_ROOT:-$HOME/.pyenv}"
        for minor in 10 11 12 13; do
            local found=""
            for dir in $(ls -d "$root"/versions/3."$minor".* 2>/dev/null | sort -V); do
                [ -x "$dir/bin/python3" ] && found="$dir/bin/python3"
            done
            [ -z "$found" ] && found="$(command -v python3."$minor" || true)"
            [ -n "$found" ] && candidates+=("$found")
        done
    fi
    for python in "${candidates[@]}"; do
        local minor
        minor="$("$python" -c 'import sys; print(f"{sys.version_info[0]}{sys.version_info[1]}")')"
        echo "$minor $python"
    done
}
