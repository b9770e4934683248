# Sourced by ./gomaflow and ./gomaflow-test: finds a JDK >= 25 and exports JAVA_HOME.
# Order: $JAVA_HOME if it is >= 25, else Temurin 25 (or newer) in /usr/lib/jvm, else any JDK >= 25 there.

gomaflow_java_major() {  # prints the feature version of the JDK at $1, or nothing
  local rel="$1/release"
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  if [ -f "$rel" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel"
  else
    "$1/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p'
  fi
}

gomaflow_find_jdk() {
  local cand major
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(gomaflow_java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then return 0; fi
  fi
  for cand in /usr/lib/jvm/temurin-25-jdk* /usr/lib/jvm/temurin-2[6-9]-jdk* /usr/lib/jvm/*; do
    [ -d "$cand" ] || continue
    major=$(gomaflow_java_major "$cand")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      export JAVA_HOME="$cand"
      return 0
    fi
  done
  echo "gomaflow: needs a JDK 25 or newer, and none was found (JAVA_HOME=${JAVA_HOME:-unset}, /usr/lib/jvm)." >&2
  echo "gomaflow: install one, e.g. 'apt-get install temurin-25-jdk' (Adoptium's Debian repository) or set JAVA_HOME to a JDK 25." >&2
  return 1
}
