#!/usr/bin/env bash
# Lays out libkrait for C and C++ hosts as an installable prefix:
#   PREFIX/include/krait.h
#   PREFIX/lib/libkrait.so.X.Y.Z, libkrait.so.SONAME_VERSION -> it, libkrait.so -> it
#   PREFIX/lib/pkgconfig/krait.pc               (pkg-config --cflags --libs krait)
#   PREFIX/lib/cmake/krait/kraitConfig.cmake    (find_package(krait) -> krait::krait)
#   PREFIX/lib/cmake/krait/kraitConfigVersion.cmake
# libkrait needs the libpython of the CPython it was built for (PYTHON) and has
# no rpath; both files name that libpython (the pkg-config variable
# pythonlibdir, the CMake target krait::python) and link it into the consumer
# even under --as-needed, so the consumer's own rpath finds it (the loader then
# matches libkrait's dependency by SONAME). Both files are relocatable.
#   scripts/natives/c-package.sh PYTHON LIBKRAIT PREFIX
set -euo pipefail
cd "$(dirname "$0")/../.."
python="$1" lib="$2" prefix="$3"

version="$(sed -n 's/^version *= *"\(.*\)"/\1/p' Cargo.toml | head -1)"
soname="$(readelf -d -W "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')"
[ -n "$soname" ] || { echo "$lib has no SONAME" >&2; exit 1; }
read -r pyversion pylibdir < <("$python" -c '
import sys, sysconfig
print(f"{sys.version_info[0]}.{sys.version_info[1]}", sysconfig.get_config_var("LIBDIR"))')

rm -rf "$prefix"
mkdir -p "$prefix/include" "$prefix/lib/pkgconfig" "$prefix/lib/cmake/krait"
cp include/krait.h "$prefix/include/"
cp "$lib" "$prefix/lib/libkrait.so.$version"
ln -s "libkrait.so.$version" "$prefix/lib/$soname"
ln -s "libkrait.so.$version" "$prefix/lib/libkrait.so"

cat >"$prefix/lib/pkgconfig/krait.pc" <<PC
# krait $version for CPython $pyversion. At run time the loader must find
# libkrait and libpython$pyversion: add -Wl,-rpath,\${libdir} -Wl,-rpath,\${pythonlibdir}
# when linking, or set LD_LIBRARY_PATH.
prefix=\${pcfiledir}/../..
libdir=\${prefix}/lib
includedir=\${prefix}/include
pythonlibdir=$pylibdir
pythonversion=$pyversion

Name: krait
Description: CPython embedded in C and C++ hosts
Version: $version
Cflags: -I\${includedir}
Libs: -L\${libdir} -lkrait -L\${pythonlibdir} -Wl,--push-state,--no-as-needed -lpython$pyversion -Wl,--pop-state
PC

cat >"$prefix/lib/cmake/krait/kraitConfig.cmake" <<CMAKE
# krait $version for CPython $pyversion: find_package(krait) defines the imported
# target krait::krait (include directory, libkrait and the libpython it needs).
# CMake links it with an rpath to both libraries in the build tree.
get_filename_component(_krait_prefix "\${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
if(NOT TARGET krait::krait)
    add_library(krait::python SHARED IMPORTED)
    set_target_properties(krait::python PROPERTIES
        IMPORTED_LOCATION "$pylibdir/libpython$pyversion.so"
        IMPORTED_SONAME "libpython$pyversion.so.1.0")
    add_library(krait::krait SHARED IMPORTED)
    set_target_properties(krait::krait PROPERTIES
        IMPORTED_LOCATION "\${_krait_prefix}/lib/libkrait.so.$version"
        IMPORTED_SONAME "$soname"
        INTERFACE_INCLUDE_DIRECTORIES "\${_krait_prefix}/include"
        INTERFACE_LINK_LIBRARIES "-Wl,--push-state,--no-as-needed;krait::python;-Wl,--pop-state")
endif()
set(krait_PYTHON_VERSION "$pyversion")
unset(_krait_prefix)
CMAKE

cat >"$prefix/lib/cmake/krait/kraitConfigVersion.cmake" <<CMAKE
# While krait's major version is 0, a minor release may change the ABI: only
# the same major.minor is compatible.
set(PACKAGE_VERSION "$version")
string(REGEX MATCH "^[0-9]+\\\\.[0-9]+" _krait_have "\${PACKAGE_VERSION}")
string(REGEX MATCH "^[0-9]+\\\\.[0-9]+" _krait_want "\${PACKAGE_FIND_VERSION}")
if(PACKAGE_FIND_VERSION AND NOT _krait_have STREQUAL _krait_want)
    set(PACKAGE_VERSION_COMPATIBLE FALSE)
elseif(PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION)
    set(PACKAGE_VERSION_COMPATIBLE FALSE)
else()
    set(PACKAGE_VERSION_COMPATIBLE TRUE)
    if(PACKAGE_FIND_VERSION STREQUAL PACKAGE_VERSION)
        set(PACKAGE_VERSION_EXACT TRUE)
    endif()
endif()
unset(_krait_have)
unset(_krait_want)
CMAKE
echo "$prefix"
