#!/usr/bin/env bash
# Describes a target CPython for cross-building libkrait, without downloading
# anything: writes a pyo3 build configuration (PYO3_CONFIG_FILE) for the minor
# version of PYTHON, and a link-time stand-in for the target's libpython
# (libpython3.X.so, SONAME libpython3.X.so.1.0) exporting the same symbols as
# this machine's libpython of that minor. libkrait then records the dependency
# (DT_NEEDED) on libpython3.X.so.1.0 exactly as a native build does; at run time
# the JVM loads the real libpython first and the loader matches that SONAME.
#   scripts/natives/cross-python.sh ARCH PYTHON DIR   (prints the config file)
set -euo pipefail
arch="$1" python="$2" dir="$3"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
read -r version libdir ldlibrary < <("$python" -c '
import sys, sysconfig
v = sysconfig.get_config_var
print(f"{sys.version_info[0]}.{sys.version_info[1]}", v("LIBDIR"), v("LDLIBRARY"))')
libpython="$libdir/$ldlibrary"
[ -f "$libpython" ] || { echo "$python has no shared libpython ($libpython)" >&2; exit 1; }

stub="$dir/libpython$version.so"
if [ ! -f "$stub" ] || [ "$libpython" -nt "$stub" ]; then
    # Functions become empty functions, data becomes arrays of the same size.
    nm -D --defined-only -S "$libpython" | awk '
        NF == 4 && $3 ~ /^[TW]$/ && $4 ~ /^_?Py|^_Py/ { printf "void %s(void) {}\n", $4 }
        NF == 4 && $3 ~ /^[DBRV]$/ && $4 ~ /^_?Py|^_Py/ { printf "char %s[0x%s];\n", $4, $2 }
    ' >"$dir/libpython-symbols.c"
    python3 -m ziglang cc -target "$arch-linux-gnu.2.17" -shared -w -fno-builtin \
        -Wl,-soname,"libpython$version.so.1.0" -o "$stub" "$dir/libpython-symbols.c"
fi

cat >"$dir/pyo3-config.txt" <<CONFIG
implementation=CPython
version=$version
shared=true
abi3=false
lib_name=python$version
lib_dir=$dir
pointer_width=64
build_flags=
suppress_build_script_link_lines=false
CONFIG
echo "$dir/pyo3-config.txt"
