# Sourced by the run-*.sh scripts: where the jars are, and a build when they are missing or older
# than the load-test sources (REBUILD=1 forces one). `package`, not `install`: nothing in ~/.m2.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CLOUD_JAR=$ROOT/verticles/target/vertedge.jar
LOAD_JAR=$ROOT/load-tests/target/vertedge-load-tests-0.1.0.jar

build_jars_if_stale() {
  if [[ ${REBUILD:-0} == 1 || ! -f $CLOUD_JAR || ! -f $LOAD_JAR ]] \
     || [[ -n $(find "$ROOT/load-tests/src" -newer "$LOAD_JAR" -type f -print -quit) ]]; then
    echo "building the jars" >&2
    (cd "$ROOT" && ./mvnw -B -o -q -pl load-tests -am package -DskipTests)
  fi
}
