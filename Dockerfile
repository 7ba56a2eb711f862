# syntax=docker/dockerfile:1
# tgmcp: Telegram MCP server. Build: docker build -t tgmcp .
# Run:   docker run -p 8787:8080 --env-file .env tgmcp        (demo: ... tgmcp serve --demo)

# ---- builder: Rust toolchain + the wasm32-wasip2 target for the plugins ----
FROM rust:1.95-bookworm AS builder
RUN rustup target add wasm32-wasip2
WORKDIR /src

# Dependency layer, cached until a manifest or lockfile changes: build the
# dependencies against stub sources of the host crate.
COPY Cargo.toml Cargo.lock ./
COPY host/Cargo.toml host/Cargo.toml
COPY fakegram/Cargo.toml fakegram/Cargo.toml
COPY plugins/Cargo.toml plugins/Cargo.lock plugins/
COPY plugins/sdk/Cargo.toml plugins/sdk/Cargo.toml
COPY plugins/account/Cargo.toml plugins/account/Cargo.toml
COPY plugins/chats/Cargo.toml plugins/chats/Cargo.toml
COPY plugins/messages/Cargo.toml plugins/messages/Cargo.toml
COPY plugins/media/Cargo.toml plugins/media/Cargo.toml
COPY plugins/outbox/Cargo.toml plugins/outbox/Cargo.toml
COPY plugins/dialogs/Cargo.toml plugins/dialogs/Cargo.toml
COPY plugins/admin/Cargo.toml plugins/admin/Cargo.toml
COPY plugins/events/Cargo.toml plugins/events/Cargo.toml
COPY plugins/extras/Cargo.toml plugins/extras/Cargo.toml
COPY plugins/payments/Cargo.toml plugins/payments/Cargo.toml
COPY plugins/media-send/Cargo.toml plugins/media-send/Cargo.toml
COPY plugins/research/Cargo.toml plugins/research/Cargo.toml
COPY plugins/contacts/Cargo.toml plugins/contacts/Cargo.toml
COPY plugins/settings/Cargo.toml plugins/settings/Cargo.toml
COPY plugins/raw/Cargo.toml plugins/raw/Cargo.toml
COPY plugins/bots/Cargo.toml plugins/bots/Cargo.toml
COPY plugins/stories/Cargo.toml plugins/stories/Cargo.toml
COPY plugins/stories-post/Cargo.toml plugins/stories-post/Cargo.toml
COPY plugins/hostile/Cargo.toml plugins/hostile/Cargo.toml
COPY plugins/bloat/Cargo.toml plugins/bloat/Cargo.toml
RUN mkdir -p host/src host/benches \
 && echo 'fn main() {}' > host/build.rs \
 && echo 'fn main() {}' > host/src/main.rs \
 && touch host/src/lib.rs \
 && echo 'fn main() {}' > host/benches/runtime.rs \
 && echo 'fn main() {}' > host/benches/e2e.rs \
 && mkdir -p fakegram/src && touch fakegram/src/lib.rs && echo 'fn main() {}' > fakegram/src/main.rs \
 && for m in plugins/*/Cargo.toml; do mkdir -p "${m%/Cargo.toml}/src" && touch "${m%/Cargo.toml}/src/lib.rs"; done \
 && cargo build --release -p tgmcp \
 && cargo fetch --manifest-path plugins/Cargo.toml \
 && rm -rf host/src host/build.rs host/benches fakegram/src plugins/*/src target/release/.fingerprint/tgmcp-* target/release/.fingerprint/fakegram-*

# The real sources: builds the plugins (host/build.rs) and the host.
COPY wit/ wit/
COPY fakegram/ fakegram/
COPY plugins/ plugins/
COPY host/ host/
RUN cargo build --release -p tgmcp \
 && install -D target/release/tgmcp /out/tgmcp \
 && mkdir -p /out/data/plugins /out/data/cache

# ---- runtime: distroless (glibc, no shell), non-root ----
FROM gcr.io/distroless/cc-debian12:nonroot
# The user the server runs as: distroless's nonroot (65532). Platforms that
# mount volumes owned by root (Fly; see docs/deploy.md) build with
# RUN_UID=0, or /data/oauth.json could not be written.
ARG RUN_UID=65532
COPY --from=builder /out/tgmcp /usr/local/bin/tgmcp
COPY --from=builder --chown=65532:65532 /out/data /data
ENV PORT=8080 \
    HOST=0.0.0.0 \
    TGMCP_PLUGINS_DIR=/data/plugins \
    TGMCP_CACHE_DIR=/data/cache \
    TGMCP_TELEGRAM_STATE_FILE=/data/telegram-state.json \
    RUST_LOG=info
USER ${RUN_UID}
EXPOSE 8080
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["/usr/local/bin/tgmcp", "health"]
ENTRYPOINT ["/usr/local/bin/tgmcp"]
CMD ["serve"]
