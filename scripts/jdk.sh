# shellcheck shell=bash
# Finds a JDK >= 21 for certfleet's launcher, ./build and .ci/run. Source it, then call
# certfleet_java_home: it prints a JAVA_HOME on stdout, or explains on stderr what to install.
# Order: $JAVA_HOME, the java on PATH, then the usual JVM directories (newest first).

CERTFLEET_MIN_JAVA=21

# Prints the feature version (17, 21, 25, ...) of the JDK at $1, or nothing.
certfleet_jdk_version() {
  local home=$1 v
  [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 0
  if [[ -f "$home/release" ]]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$home/release")
  fi
  if [[ -z ${v:-} ]]; then
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p')
  fi
  [[ ${v:-} == 1 ]] && v=8
  printf '%s' "${v:-}"
}

certfleet_java_home() {
  local home v best="" best_v=0 too_old=()
  # 1. JAVA_HOME, 2. the java on PATH: the first of them that is new enough wins.
  local preferred=()
  [[ -n ${JAVA_HOME:-} ]] && preferred+=("$JAVA_HOME")
  command -v java >/dev/null 2>&1 &&
    preferred+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  for home in "${preferred[@]}"; do
    v=$(certfleet_jdk_version "$home")
    [[ -z $v ]] && continue
    if ((v >= CERTFLEET_MIN_JAVA)); then
      printf '%s\n' "$home"
      return 0
    fi
    too_old+=("$home (Java $v)")
  done
  # 3. the newest JDK in the usual install directories.
  for home in /usr/lib/jvm/* /usr/java/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home \
    "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [[ -d $home && ! -L $home ]] || continue
    v=$(certfleet_jdk_version "$home")
    [[ -z $v ]] && continue
    if ((v > best_v)); then best=$home best_v=$v; fi
  done
  if ((best_v >= CERTFLEET_MIN_JAVA)); then
    printf '%s\n' "$best"
    return 0
  fi
  ((best_v > 0)) && too_old+=("$best (Java $best_v)")
  {
    echo "certfleet needs a JDK ${CERTFLEET_MIN_JAVA} or newer, and none was found."
    ((${#too_old[@]})) && printf '  too old: %s\n' "${too_old[@]}"
    echo "Install one (for example Eclipse Temurin 21 or 25 from https://adoptium.net, your"
    echo "distribution's openjdk-21-jdk package, or 'brew install openjdk@21'), then run again,"
    echo "or point JAVA_HOME at it."
  } >&2
  return 1
}

# Maven on JDK >= 23 warns about sun.misc.Unsafe in its own libraries; that noise is not ours.
certfleet_maven_env() {
  local v
  v=$(certfleet_jdk_version "$JAVA_HOME")
  if [[ -n $v ]] && ((v >= 23)); then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}
