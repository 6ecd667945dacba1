#!/usr/bin/env bash
# The netconn command as packages: a .tar.gz and a Debian package (.deb), each with a Java
# runtime of its own trimmed by jlink from the newest JDK on this machine, an ahead-of-time
# cache made here (at packaging time, for that runtime; Java 25 and newer), a man page and
# bash completion. Run by `mvn package` in this module (Linux only).
#
#   dist/build-packages.sh VERSION NETCONN_JAR OUTPUT_DIR
#
# Environment: NETCONN_PACKAGE_JDK, the JDK whose jlink builds the runtime (default: the newest
# under /usr/lib/jvm with jlink, else JAVA_HOME).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
version=$1 jar=$2 out=$3
say() { echo "build-packages: $*" >&2; }

jdk=${NETCONN_PACKAGE_JDK:-}
if [ -z "$jdk" ]; then
  best=0
  for candidate in /usr/lib/jvm/*/ "${JAVA_HOME:-/nonexistent}/"; do
    [ -x "$candidate/bin/jlink" ] && [ -r "$candidate/release" ] || continue
    feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$candidate/release")
    if [ "${feature:-0}" -gt "$best" ]; then best=$feature; jdk=${candidate%/}; fi
  done
fi
[ -n "$jdk" ] || { say "no JDK with jlink (set NETCONN_PACKAGE_JDK)"; exit 1; }
feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release")
say "runtime from $jdk (Java $feature)"

# Debian's version: 1.0.0-SNAPSHOT sorts before 1.0.0 as 1.0.0~snapshot.
debversion=$(echo "$version" | sed 's/-SNAPSHOT$/~snapshot/')
arch=amd64
stage="$out/stage"
rm -rf "$stage" "$out"/netconn_*.deb "$out"/netconn-*.tar.gz
root="$stage/netconn_${debversion}_$arch"
home="$root/usr/lib/netconn"
mkdir -p "$home/lib" "$root/usr/bin" "$root/usr/share/man/man1" \
  "$root/usr/share/bash-completion/completions" "$root/usr/share/doc/netconn" "$root/DEBIAN"

# 1. The runtime: the modules the jar uses (jdeps), and those it reaches only by name
#    (Kerberos's JAAS login module, DNS lookups of a KDC, charsets of old SMB1 servers).
modules=$("$jdk/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release "$feature" "$jar")
modules="$modules,jdk.security.auth,java.security.jgss,jdk.naming.dns,jdk.charsets"
compress=zip-6
[ "$feature" -ge 21 ] || compress=2
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress="$compress" --output "$home/runtime"
cp "$jar" "$home/lib/netconn.jar"

# 2. The launcher: the JVM options ./netconn uses for a short-lived command, and the cache.
mkdir -p "$home/bin"
cat > "$home/bin/netconn" <<'LAUNCHER'
#!/bin/sh
# netconn, as packaged: its own Java runtime, and the ahead-of-time cache trained with it.
home=$(dirname "$(dirname "$(readlink -f "$0")")")
cache=
[ -f "$home/lib/netconn.aot" ] && cache="-XX:AOTCache=$home/lib/netconn.aot -Xlog:aot=off -Xlog:cds=off"
# shellcheck disable=SC2086
exec "$home/runtime/bin/java" -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseSerialGC \
  -Xlog:disable -Xlog:all=error:stderr $cache $NETCONN_JAVA_OPTS -jar "$home/lib/netconn.jar" "$@"
LAUNCHER
chmod 755 "$home/bin/netconn"
ln -s ../lib/netconn/bin/netconn "$root/usr/bin/netconn"

# 3. The cache (Java 25+), trained at the path it is installed at (the JVM checks the jar's
#    path): the runtime is moved there for the training run. Where Docker runs, that run is a
#    real call to the testkit's Samba (TrainingServer: negotiate, logon, encryption, DCE/RPC,
#    output); elsewhere it parses every option and stops at a connection refused on loopback.
train() {  # train ARGS...: one run of the installed copy, recording the cache
  NETCONN_TRAIN_PASSWORD=${password:-x} /usr/lib/netconn/runtime/bin/java -XX:TieredStopAtLevel=1 \
    -XX:CICompilerCount=1 -XX:+UseSerialGC -Xlog:disable -XX:AOTCacheOutput=/usr/lib/netconn/lib/netconn.aot \
    -jar /usr/lib/netconn/lib/netconn.jar "$@" >/dev/null 2>&1 || true
}
if [ "$feature" -ge 25 ]; then
  if [ -w /usr/lib ] && [ ! -e /usr/lib/netconn ]; then
    cp -a "$home" /usr/lib/netconn
    private=$(mktemp -d)
    trainer_pid= trainer_in=
    cleanup() {  # closing the training server's standard input stops it and its Samba
      if [ -n "$trainer_pid" ]; then
        eval "exec $trainer_in>&-" 2>/dev/null || true
        wait "$trainer_pid" 2>/dev/null || true
        trainer_pid=
      fi
      rm -rf /usr/lib/netconn "$private"
    }
    trap cleanup EXIT
    password= target=
    classpath=${NETCONN_TRAINING_CLASSPATH:-}
    if [[ $classpath == *:@* ]]; then classpath="${classpath%%:@*}:$(cat "${classpath##*:@}")"; fi
    if [ -n "$classpath" ] && docker info >/dev/null 2>&1; then
      # Testcontainers as the tests run it here: no Ryuk, no checks, loopback.
      coproc TRAINER { TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_CHECKS_DISABLE=true \
        TESTCONTAINERS_HOST_OVERRIDE=localhost exec "$jdk/bin/java" -cp "$classpath" \
        io.github.netconn.dist.TrainingServer "$private/password" 2>"$out/training-server.log"; }
      trainer_pid=$TRAINER_PID trainer_in=${TRAINER[1]}
      if read -r -t 180 account target <&"${TRAINER[0]}"; then
        password=$(cat "$private/password")
        train --user "$account" --password-env NETCONN_TRAIN_PASSWORD "$target" DATA
        say "AOT cache trained on a call to the testkit's Samba"
      else
        say "the training Samba did not start (see $out/training-server.log)"
      fi
    fi
    [ -f /usr/lib/netconn/lib/netconn.aot ] || train --user 'TRAIN\user' --password-env NETCONN_TRAIN_PASSWORD \
      --timeout 2s 127.0.0.1:1 DATA
    if [ -f /usr/lib/netconn/lib/netconn.aot ]; then
      # The password reached the training run through its environment; it must not be in the cache.
      if [ -n "$password" ] && grep -qF -- "$password" /usr/lib/netconn/lib/netconn.aot; then
        say "the AOT cache holds the training password: not packaged"
      else
        cp /usr/lib/netconn/lib/netconn.aot "$home/lib/netconn.aot"
      fi
    else
      say "no AOT cache was written; the package runs without one"
    fi
    unset password
    cleanup
    trap - EXIT
  else
    say "/usr/lib/netconn exists or /usr/lib is not writable: no AOT cache (it must be trained where it is installed)"
  fi
fi

# 4. Man page, bash completion (every option of --help and watch --help), licences.
help=$("$home/runtime/bin/java" -jar "$jar" --help)
watchhelp=$("$home/runtime/bin/java" -jar "$jar" watch --help)
python3 - "$here/src/main/packaging/netconn.1" "$version" \
    <(echo "$help" | python3 "$here/src/main/packaging/help2roff.py") \
    <(echo "$watchhelp" | python3 "$here/src/main/packaging/help2roff.py") <<'PY' | gzip -9n > "$root/usr/share/man/man1/netconn.1.gz"
import sys
page, version, options, watch = sys.argv[1:]
text = open(page).read().replace("@VERSION@", version)
text = text.replace("@OPTIONS@\n", open(options).read()).replace("@WATCH_OPTIONS@\n", open(watch).read())
sys.stdout.write(text)
PY
options=$(printf '%s\n%s\n' "$help" "$watchhelp" | grep -oE '(^| )--?[a-zA-Z][a-zA-Z-]*' | tr -d ' ' | sort -u | tr '\n' ' ')
sed "s/@OPTIONS@/$options/" "$here/src/main/packaging/netconn.bash-completion" \
  > "$root/usr/share/bash-completion/completions/netconn"
cp "$here/../LICENSE" "$here/../NOTICE" "$root/usr/share/doc/netconn/"

# 5. The .tar.gz: the same tree under netconn-VERSION/, run as netconn-VERSION/bin/netconn.
tarroot="$stage/netconn-$version"
mkdir -p "$tarroot/man/man1" "$tarroot/completion"
cp -a "$home/." "$tarroot/"
cp "$root/usr/share/man/man1/netconn.1.gz" "$tarroot/man/man1/"
cp "$root/usr/share/bash-completion/completions/netconn" "$tarroot/completion/netconn"
cp "$here/../LICENSE" "$here/../NOTICE" "$tarroot/"
rm -f "$tarroot/lib/netconn.aot"   # trained for /usr/lib/netconn: the JVM would not use it elsewhere
tar -C "$stage" --owner=0 --group=0 -czf "$out/netconn-$version-linux-x64.tar.gz" "netconn-$version"

# 6. The .deb.
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$debversion/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" \
  "$here/src/main/packaging/control" > "$root/DEBIAN/control"
find "$root" -type d -exec chmod 755 {} +
dpkg-deb --root-owner-group --build -Zxz "$root" "$out/netconn_${debversion}_$arch.deb" >/dev/null
say "$(ls "$out"/*.deb "$out"/*.tar.gz | tr '\n' ' ')"
