#!/bin/sh
# Installs this certfleet node agent distribution; run it from the unpacked tarball, usually as root.
# `install.sh --help` shows the options. Idempotent: running it again replaces the installation of this
# version (a conf/java recorded before is kept unless --java is given) and points the symlink at it;
# other versions' directories are left alone. An existing --prefix that is neither an empty directory
# nor a node agent installation is refused, and so is a file in the symlink's place that is no symlink.
#
# Exit codes: 0 installed; 1 failed (nothing changed, or the previous installation put back);
# 2 usage; 3 no permission to write the prefix or the bin directory (run it as root, or choose
# writable ones); 4 installed, but the agent cannot start with the Java it finds (see --java).

unset CDPATH
umask 022
me=install.sh
name=certfleet-node-agent

fail() {
  code=$1
  shift
  printf '%s: %s\n' "$me" "$*" >&2
  exit "$code"
}
help() {
  cat <<USAGE
usage: install.sh [--prefix DIR] [--bin-dir DIR] [--java PATH] [--no-check]
  --prefix DIR   where bin/, lib/, README.md and VERSION go (default /opt/$name/<version>)
  --bin-dir DIR  where the $name symlink to <prefix>/bin/$name goes (default /usr/local/bin,
                 the command node-access runs over SSH with sudo -n)
  --java PATH    the java (21 or newer) the agent runs on, recorded in <prefix>/conf/java; sudo resets
                 JAVA_HOME and PATH, so give it when java is not on sudo's secure_path
  --no-check     do not start the installed agent once ($name --help) to check its Java
USAGE
}
usage() {
  printf '%s: %s\n' "$me" "$1" >&2
  help >&2
  exit 2
}

here=$(cd -P "$(dirname "$0")" && pwd -P) || fail 1 "cannot resolve the directory of $0"
[ -r "$here/VERSION" ] && [ -f "$here/bin/$name" ] && [ -d "$here/lib" ] ||
  fail 1 "$here is not an unpacked node agent distribution (VERSION, bin/$name, lib/)"
IFS= read -r version <"$here/VERSION"
[ -n "$version" ] || fail 1 "$here/VERSION is empty"

prefix=/opt/$name/$version
bin_dir=/usr/local/bin
java=
check=yes
while [ $# -gt 0 ]; do
  case $1 in
    --prefix | --bin-dir | --java)
      [ $# -ge 2 ] && [ -n "$2" ] || usage "$1 needs a value"
      case $1 in
        --prefix) prefix=$2 ;;
        --bin-dir) bin_dir=$2 ;;
        *) java=$2 ;;
      esac
      shift 2
      ;;
    --prefix=* | --bin-dir=* | --java=*)
      value=${1#*=}
      [ -n "$value" ] || usage "${1%%=*} needs a value"
      case $1 in
        --prefix=*) prefix=$value ;;
        --bin-dir=*) bin_dir=$value ;;
        *) java=$value ;;
      esac
      shift
      ;;
    --no-check) check=no && shift ;;
    -h | --help) help && exit 0 ;;
    *) usage "unknown argument $1" ;;
  esac
done

# Absolute, without trailing slashes: the symlink must point at an absolute path.
absolute() {
  case $1 in
    /*) p=$1 ;;
    *) p=$(pwd -P)/$1 ;;
  esac
  while [ "${p%/}" != "$p" ] && [ "$p" != / ]; do p=${p%/}; done
  printf '%s\n' "$p"
}
prefix=$(absolute "$prefix")
bin_dir=$(absolute "$bin_dir")
case $prefix in
  / | /usr | /usr/local | /opt | /bin | /etc) fail 2 "refusing --prefix $prefix: choose a directory of its own" ;;
esac
[ "$prefix" != "$here" ] || fail 2 "--prefix $prefix is this unpacked distribution: install it somewhere else"
if [ -n "$java" ]; then
  case $java in
    /*) ;;
    *) fail 2 "--java $java: give an absolute path (it is used from any directory)" ;;
  esac
  [ -f "$java" ] && [ -x "$java" ] || fail 2 "--java $java is not an executable file"
fi

# Permissions first, before anything is written.
nearest_existing() {
  d=$1
  while [ ! -e "$d" ] && [ ! -L "$d" ]; do d=$(dirname "$d"); done
  printf '%s\n' "$d"
}
need_write() { # $1: a directory that is created or changed, $2: what for
  d=$(nearest_existing "$1")
  [ -d "$d" ] || fail 1 "$d is not a directory (needed for $2)"
  if ! { [ -w "$d" ] && [ -x "$d" ]; }; then
    if [ "$(id -u)" = 0 ]; then
      fail 3 "cannot write $d (needed for $2), even as root: is the file system read-only?"
    fi
    fail 3 "no permission to write $d (needed for $2): run it as root (sudo $0 ...)," \
      "or choose --prefix and --bin-dir you can write to"
  fi
}
parent=$(dirname "$prefix")
need_write "$parent" "$prefix"
need_write "$bin_dir" "$bin_dir/$name"

# What may be replaced: nothing, an empty directory, or a node agent installation.
if [ -e "$prefix" ] || [ -L "$prefix" ]; then
  if [ -L "$prefix" ] || [ ! -d "$prefix" ]; then
    fail 1 "$prefix exists and is not a directory: choose another --prefix"
  elif [ -n "$(ls -A "$prefix")" ] && ! { [ -f "$prefix/VERSION" ] && [ -f "$prefix/bin/$name" ]; }; then
    fail 1 "$prefix exists and is not a node agent installation (no VERSION, bin/$name): choose another --prefix"
  fi
fi
link=$bin_dir/$name
if [ -L "$link" ]; then
  [ ! -d "$link" ] || fail 1 "$link is a symlink to a directory: remove it first"
elif [ -e "$link" ]; then
  fail 1 "$link exists and is not a symlink: move it away first (it is not replaced)"
fi

# Stage next to the prefix, then swap it in with renames.
mkdir -p "$parent" || fail 1 "cannot create $parent"
stage=$parent/.$name-$version.new.$$
old=$parent/.$name-$version.old.$$
tmp_link=$bin_dir/.$name.new.$$
cleanup() { rm -rf "$stage" "$tmp_link"; }
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
mkdir "$stage" &&
  cp -R "$here/bin" "$here/lib" "$stage/" &&
  cp "$here/VERSION" "$stage/" &&
  { [ ! -f "$here/README.md" ] || cp "$here/README.md" "$stage/"; } ||
  fail 1 "cannot copy the distribution to $stage"
if [ -n "$java" ]; then
  mkdir -p "$stage/conf" && printf '%s\n' "$java" >"$stage/conf/java" || fail 1 "cannot write $stage/conf/java"
elif [ -f "$prefix/conf/java" ]; then
  mkdir -p "$stage/conf" && cp "$prefix/conf/java" "$stage/conf/java" || fail 1 "cannot keep $prefix/conf/java"
fi
chmod -R u=rwX,go=rX "$stage" && chmod 0755 "$stage/bin/$name" || fail 1 "cannot set the modes in $stage"

if [ -d "$prefix" ]; then
  mv "$prefix" "$old" || fail 1 "cannot move the previous $prefix aside"
  if ! mv "$stage" "$prefix"; then
    mv "$old" "$prefix"
    fail 1 "cannot move $stage to $prefix; the previous installation is back in place"
  fi
  rm -rf "$old"
else
  mv "$stage" "$prefix" || fail 1 "cannot move $stage to $prefix"
fi

# The symlink, replaced with a rename so it never disappears.
mkdir -p "$bin_dir" || fail 1 "cannot create $bin_dir"
target=$prefix/bin/$name
if [ "$(readlink "$link" 2>/dev/null)" != "$target" ]; then
  ln -s "$target" "$tmp_link" && mv -f "$tmp_link" "$link" || fail 1 "cannot create the symlink $link"
fi
printf 'installed %s %s in %s\n%s -> %s\n' "$name" "$version" "$prefix" "$link" "$target"

if [ "$check" = yes ]; then
  if ! problem=$("$link" --help 2>&1 >/dev/null); then
    printf '%s: installed, but the agent cannot start here:\n  %s\n' "$me" "$(printf '%s\n' "$problem" | sed -n 1p)" >&2
    printf '%s: give it a Java 21+: install.sh --java /path/to/bin/java (sudo resets JAVA_HOME and PATH)\n' "$me" >&2
    exit 4
  fi
fi
