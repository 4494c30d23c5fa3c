#!/bin/sh
# Builds main.c as a C stack would, against an installed imsdp found by pkg-config, and runs
# it under valgrind memcheck: no leak, no invalid access.
# Usage: build-and-run.sh PREFIX|"" WORKDIR OFFER CAPS DESCRIPTOR MODEL
#   PREFIX: an install tree (cmake --install --prefix); "" for the system's (the packages).
set -eu
prefix=$1 work=$2
shift 2
mkdir -p "$work"
pc() { pkg-config "$@" imsdp; }
if [ -n "$prefix" ]; then
  PKG_CONFIG_PATH=$(dirname "$(find "$prefix" -name imsdp.pc | head -n 1)")
  export PKG_CONFIG_PATH
  pc() { pkg-config --define-variable=prefix="$prefix" "$@" imsdp; }
fi
libdir=$(pc --variable=libdir)
# shellcheck disable=SC2046 # the flags are words
gcc -std=c11 -Wall -Wextra -Werror -pedantic "$(dirname "$0")/main.c" -o "$work/consumer" \
  $(pc --cflags --libs)
export LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# It runs against the shared library, not a copy linked in.
ldd "$work/consumer" | grep -q "libimsdp.so.0 => /"
valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=all \
  "$work/consumer" "$@"
