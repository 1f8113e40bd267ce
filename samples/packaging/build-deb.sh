#!/usr/bin/env bash
# Builds the Debian package of the `yikatong` tool (CLI + card agent) with JDK 17's jpackage:
#   samples/target/yikatong_VERSION_amd64.deb
# from the shaded jar samples/target/yikatong.jar (build it first: mvn -B -pl samples -am package -DskipTests).
#
# 1. jlink: a runtime with only the modules the jar needs (jdeps), plus jdk.crypto.ec (TLS to the payment gateways),
#    jdk.charsets (GBK/GB18030 card text) and jdk.unsupported (JNA), without debug data, headers or man pages;
# 2. jpackage --type deb: /opt/yikatong/{bin/yikatong,lib/app,lib/runtime}, with our postinst/prerm/postrm (deb/);
# 3. the files jpackage cannot place outside /opt (root/): the systemd unit yikatong-agent.service, its options
#    /etc/default/yikatong-agent (a conffile), /usr/bin/yikatong, the token helper and README.Debian; the package is
#    rebuilt from jpackage's tree with dpkg-deb (files owned by root).
#
# Needs: a JDK 17 with jpackage (YIKATONG_PACKAGE_JDK, default /usr/lib/jvm/java-17-openjdk-amd64, else JAVA_HOME),
# dpkg-deb, fakeroot (jpackage runs it) and objcopy from binutils (jlink --strip-debug on native libraries).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
samples=$(dirname "$here")
jar=${1:-$samples/target/yikatong.jar}
out=$samples/target
work=$out/deb-build

jdk=${YIKATONG_PACKAGE_JDK:-/usr/lib/jvm/java-17-openjdk-amd64}
if [ ! -x "$jdk/bin/jpackage" ]; then
    jdk=${JAVA_HOME:?no JDK with jpackage: set YIKATONG_PACKAGE_JDK}
fi
for tool in "$jdk/bin/jpackage" "$jdk/bin/jlink" "$jdk/bin/jdeps"; do
    [ -x "$tool" ] || { echo "build-deb: $tool is missing" >&2; exit 1; }
done
for tool in dpkg-deb fakeroot objcopy; do
    command -v "$tool" >/dev/null || { echo "build-deb: $tool is missing (apt-get install dpkg-dev fakeroot binutils)" >&2; exit 1; }
done
[ -f "$jar" ] || { echo "build-deb: $jar is missing: mvn -B -pl samples -am package -DskipTests" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work/input"
cp "$jar" "$work/input/yikatong.jar"

# 0.1.0-SNAPSHOT -> app version 0.1.0, release 0~snapshot (a snapshot sorts before the release 0.1.0-1)
(cd "$work" && "$jdk/bin/jar" xf input/yikatong.jar META-INF/MANIFEST.MF)
impl=$(tr -d '\r' < "$work/META-INF/MANIFEST.MF" | sed -n 's/^Implementation-Version: //p')
[ -n "$impl" ] || { echo "build-deb: no Implementation-Version in $jar" >&2; exit 1; }
version=${impl%%-*}
release=1
case "$impl" in *-SNAPSHOT) release=0~snapshot ;; esac

modules=$("$jdk/bin/jdeps" --multi-release 17 --ignore-missing-deps --print-module-deps "$work/input/yikatong.jar")
modules="$modules,jdk.crypto.ec,jdk.charsets,jdk.unsupported"
echo "build-deb: jlink $modules"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
    --output "$work/runtime"

echo "build-deb: jpackage yikatong $version-$release"
# jpackage's own dpkg-deb run need not compress: its package is unpacked and rebuilt below
DPKG_DEB_COMPRESSOR_TYPE=none "$jdk/bin/jpackage" --type deb --dest "$work/jpackage" \
    --name yikatong --linux-package-name yikatong --app-version "$version" --linux-app-release "$release" \
    --description "Yikatong (一卡通) command-line tool and local card agent for HIS" \
    --vendor "the Yikatong authors" --copyright "Copyright 2026 the Yikatong authors" \
    --license-file "$samples/../LICENSE" --linux-deb-maintainer "yikatong@localhost" \
    --linux-app-category misc --linux-package-deps "adduser, libpcsclite1" \
    --input "$work/input" --main-jar yikatong.jar --main-class io.yikatong.samples.cli.YikatongCli \
    --java-options "-Dfile.encoding=UTF-8" \
    --runtime-image "$work/runtime" --install-dir /opt --resource-dir "$here/deb"

deb=$(ls "$work"/jpackage/*.deb)
tree="$work/tree"
dpkg-deb -R "$deb" "$tree"
cp -R "$here/root/." "$tree/"
mkdir -p "$tree/usr/bin" "$tree/usr/share/doc/yikatong"
ln -s /opt/yikatong/bin/yikatong "$tree/usr/bin/yikatong"
cp "$here/README.Debian" "$tree/usr/share/doc/yikatong/README.Debian"
echo /etc/default/yikatong-agent >> "$tree/DEBIAN/conffiles"
sort -u -o "$tree/DEBIAN/conffiles" "$tree/DEBIAN/conffiles"
chmod 0644 "$tree/DEBIAN/conffiles"
# jpackage adds the libraries the runtime links (libpcsclite1 among them): one mention each
deps=$(sed -n 's/^Depends: //p' "$tree/DEBIAN/control" | tr ',' '\n' | sed 's/^ *//; s/ *$//' | awk 'NF && !seen[$0]++' \
    | paste -sd, - | sed 's/,/, /g')
sed -i "s/^Depends:.*/Depends: $deps/" "$tree/DEBIAN/control"
size=$(du -sk --exclude=DEBIAN "$tree" | cut -f1)
sed -i "s/^Installed-Size:.*/Installed-Size: $size/" "$tree/DEBIAN/control"
final="$out/yikatong_${version}-${release}_amd64.deb"
rm -f "$out"/yikatong_*.deb
dpkg-deb --root-owner-group -Zgzip --build "$tree" "$final" >/dev/null
rm -rf "$work"
echo "build-deb: $final ($(du -h "$final" | cut -f1))"
