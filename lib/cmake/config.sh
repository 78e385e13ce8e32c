#!/bin/sh
# Write a CMake package file from its template (lib/cmake/*.in) for the
# library libtool built:
#   config.sh TEMPLATE LA_FILE PREFIX LIBDIR INCLUDEDIR CMAKEDIR VERSION SIZEOF_VOID_P LINK_LIBS
# Directories under PREFIX are written relative to the installed file's own
# directory, so that the tree still works when moved or used from a DESTDIR.
set -eu
template=$1 la=$2 prefix=${3%/} libdir=$4 includedir=$5 cmakedir=$6 version=$7 ptr=$8 libs=$9

# libtool's description of the library: dlname (shared), library_names,
# old_library (static)
dlname= library_names= old_library=
eval "$(sed -n "s/^\(dlname\|library_names\|old_library\)=/\1=/p" "$la")"
if [ -n "$dlname" ]; then
  kind=SHARED library=${library_names%% *} soname=$dlname link=
else
  kind=STATIC library=$old_library soname= link=$(echo $libs | tr ' ' ';')
fi
[ -n "$library" ] || { echo "config.sh: $la names no library" >&2; exit 1; }

case $cmakedir in
  "$prefix"/*)
    up=$(echo "${cmakedir#"$prefix"/}" | sed 's|[^/][^/]*|..|g')
    prefix_expr="\${CMAKE_CURRENT_LIST_DIR}/$up" ;;
  *) prefix_expr=$prefix ;;
esac
under_prefix() {
  case $1 in
    "$prefix") echo "\${_kneepain_prefix}" ;;
    "$prefix"/*) echo "\${_kneepain_prefix}/${1#"$prefix"/}" ;;
    *) echo "$1" ;;
  esac
}
major=${version%%.*} rest=${version#*.}
minor=${rest%%.*}

sed -e "s|@PREFIX@|$prefix_expr|g" \
    -e "s|@LIBDIR@|$(under_prefix "$libdir")|g" \
    -e "s|@INCLUDEDIR@|$(under_prefix "$includedir")|g" \
    -e "s|@KIND@|$kind|g" -e "s|@LIBRARY@|$library|g" -e "s|@SONAME@|$soname|g" \
    -e "s|@LINK_LIBRARIES@|$link|g" -e "s|@VERSION@|$version|g" \
    -e "s|@VERSION_MAJOR@|$major|g" -e "s|@VERSION_MINOR@|$minor|g" \
    -e "s|@SIZEOF_VOID_P@|$ptr|g" "$template"
