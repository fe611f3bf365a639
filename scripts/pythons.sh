# Sourced by the build scripts. The supported CPython minors come from
# pythons.txt at the root (one line each; "test" marks those the suites run on).
#   krait_minors           the supported minors as "310 311 ..."
#   krait_tested_minors    the minors marked "test"
#   krait_pythons          the CPython executables to build libkrait for, one
#                          per supported minor, as "MINOR PATH" lines
# KRAIT_BUILD_PYTHONS (space-separated executables) overrides the search,
# which looks at pyenv's versions and then python3.1x on PATH.
krait_pythons_file="$(dirname "${BASH_SOURCE[0]}")/../pythons.txt"

krait_minors() {
    awk '!/^#/ && NF { sub(/\./, "", $1); printf "%s ", $1 }' "$krait_pythons_file"
}

krait_tested_minors() {
    awk '!/^#/ && $2 == "test" { sub(/\./, "", $1); printf "%s ", $1 }' "$krait_pythons_file"
}

krait_pythons() {
    local candidates=() supported
    supported=" $(krait_minors)"
    if [ -n "${KRAIT_BUILD_PYTHONS:-}" ]; then
        read -r -a candidates <<<"$KRAIT_BUILD_PYTHONS"
    else
        local root="${PYENV_ROOT:-$HOME/.pyenv}"
        for minor in $(krait_minors); do
            local found="" dotted="${minor:0:1}.${minor:1}"
            for dir in $(ls -d "$root"/versions/"$dotted".* 2>/dev/null | sort -V); do
                [ -x "$dir/bin/python3" ] && found="$dir/bin/python3"
            done
            [ -z "$found" ] && found="$(command -v python"$dotted" || true)"
            [ -n "$found" ] && candidates+=("$found")
        done
    fi
    for python in "${candidates[@]}"; do
        local minor
        minor="$("$python" -c 'import sys; print(f"{sys.version_info[0]}{sys.version_info[1]}")')"
        case "$supported " in
            *" $minor "*) echo "$minor $python" ;;
            *) echo "$python is CPython ${minor:0:1}.${minor:1}, not in pythons.txt: skipped" >&2 ;;
        esac
    done
}
