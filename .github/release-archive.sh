#!/usr/bin/env bash
# Builds the release archive of tgmcp for one target, exactly as the release
# workflow does, and checks that the binary inside runs `tgmcp --version`.
#
#   .github/release-archive.sh                       # release build for this machine
#   .github/release-archive.sh --target aarch64-apple-darwin
#   .github/release-archive.sh --profile dev         # reuse a debug build: checks the packaging only
#
# Output: dist/tgmcp-<version>-<target>.tar.gz and its .sha256; the archive holds
# tgmcp-<version>-<target>/{tgmcp, README.md, LICENSE-*, .env.example}, the layout
# host/Cargo.toml's [package.metadata.binstall] describes.
set -euo pipefail
cd "$(dirname "$0")/.."

host="$(rustc -vV | sed -n 's/^host: //p')"
target="$host"
target_args=()
profile=release
out=dist
while [ $# -gt 0 ]; do
  case "$1" in
    # Without --target cargo builds into target/<profile>, shared with `cargo
    # build` and `cargo test`; with it, into target/<triple>/<profile>.
    --target) target="$2"; target_args=(--target "$2"); shift 2 ;;
    --profile) profile="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

# The crate is "MIT OR Apache-2.0": an archive never ships without both texts.
licenses=(LICENSE-MIT LICENSE-APACHE)
for f in "${licenses[@]}"; do
  if [ ! -f "$f" ]; then
    echo "$f is missing at the repository root: a release archive must carry LICENSE-MIT and LICENSE-APACHE" >&2
    exit 1
  fi
done

version="$(cargo metadata --format-version 1 --no-deps --locked \
  | python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"]=="tgmcp"))')"
name="tgmcp-${version}-${target}"

# The plugins are built for wasm32-wasip2 by host/build.rs.
rustup target add wasm32-wasip2 "$target" >/dev/null 2>&1 || true
echo "building $name ($profile profile)" >&2
# (The +-expansion keeps an empty array safe under set -u in macOS's bash 3.2.)
cargo build --locked --profile "$profile" -p tgmcp ${target_args[@]+"${target_args[@]}"}

profile_dir="$profile"
[ "$profile" = dev ] && profile_dir=debug
triple_dir=""
[ ${#target_args[@]} -gt 0 ] && triple_dir="$target/"
bin="${CARGO_TARGET_DIR:-target}/$triple_dir$profile_dir/tgmcp"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name" "$out"
cp "$bin" "$stage/$name/tgmcp"
cp README.md .env.example LICENSE* "$stage/$name/"
archive="$out/$name.tar.gz"
tar -C "$stage" -czf "$archive" "$name"
(cd "$out" && { sha256sum "$name.tar.gz" 2>/dev/null || shasum -a 256 "$name.tar.gz"; } > "$name.tar.gz.sha256")

# The archive, unpacked fresh, must hold both licences, and its own binary must
# run (when this machine can run it).
check="$(mktemp -d)"
tar -C "$check" -xzf "$archive"
for f in "${licenses[@]}"; do
  if [ ! -f "$check/$name/$f" ]; then
    rm -rf "$check"
    echo "$archive does not contain $name/$f" >&2
    exit 1
  fi
done
if [ "$target" = "$host" ]; then
  got="$("$check/$name/tgmcp" --version)"
  rm -rf "$check"
  if [ "$got" != "tgmcp $version" ]; then
    echo "the archived binary says '$got', expected 'tgmcp $version'" >&2
    exit 1
  fi
  echo "ok: $archive runs: $got" >&2
else
  rm -rf "$check"
  echo "built $archive (cross target: not run here)" >&2
fi
echo "$archive"
