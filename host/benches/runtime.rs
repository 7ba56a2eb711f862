//! In-process runtime costs: a tool call in a fresh store, compile vs cache,
//! hot reload latency, startup with many plugins. `cargo bench --bench runtime`.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use tgmcp::policy::Policy;
use tgmcp::runtime::{Limits, Runtime};
use tgmcp::telegram::{grammers, Backend};

fn hostile() -> Vec<u8> {
    std::fs::read(Path::new(env!("TGMCP_WASM_DIR")).join("tgmcp_plugin_hostile.wasm")).unwrap()
}

/// The component with a custom section appended, so each copy hashes differently.
fn variant(bytes: &[u8], n: usize) -> Vec<u8> {
    let name = format!("bench-variant-{n}");
    let mut out = bytes.to_vec();
    out.push(0); // custom section id
    out.push((name.len() + 1) as u8); // section size (name length byte + name)
    out.push(name.len() as u8);
    out.extend_from_slice(name.as_bytes());
    out
}

fn pct(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// The demo account: the grammers client against the local MTProto server.
async fn demo() -> Arc<dyn Backend> {
    grammers::demo(grammers::DEFAULT_TIMEOUT).await.unwrap()
}

async fn runtime(cache: Option<&Path>) -> Arc<Runtime> {
    let backend = demo().await;
    Runtime::new(backend, Policy::default(), Limits::default(), cache)
        .await
        .unwrap()
}

#[tokio::main]
async fn main() {
    let rt = runtime(None).await;
    let backend = demo().await;

    // Baseline: the same operation on the backend directly, no wasm.
    let mut base = Vec::new();
    for _ in 0..2000 {
        let t = Instant::now();
        std::hint::black_box(backend.get_me().await.unwrap());
        base.push(t.elapsed());
    }
    let mut calls = Vec::new();
    for _ in 0..2000 {
        let t = Instant::now();
        std::hint::black_box(rt.call("get_me", json!({}), "bench").await.unwrap());
        calls.push(t.elapsed());
    }
    let mut hist = Vec::new();
    for _ in 0..1000 {
        let t = Instant::now();
        std::hint::black_box(
            rt.call(
                "get_history",
                json!({"chat": "@alice_demo", "limit": 20}),
                "bench",
            )
            .await
            .unwrap(),
        );
        hist.push(t.elapsed());
    }
    println!("tool call in a fresh store (instantiate + call + validate), 2000 calls:");
    println!(
        "  get_me       p50 {:7.1} us  p99 {:7.1} us",
        us(pct(calls.clone(), 0.5)),
        us(pct(calls, 0.99))
    );
    println!(
        "  get_history  p50 {:7.1} us  p99 {:7.1} us  (20 messages)",
        us(pct(hist.clone(), 0.5)),
        us(pct(hist, 0.99))
    );
    println!(
        "  baseline: backend.get_me without wasm p50 {:.2} us",
        us(pct(base, 0.5))
    );

    // Compile vs cache for a ~120 KB component.
    let bytes = hostile();
    let tmp = tempfile::tempdir().unwrap();
    let cache_dir = tmp.path().join("cache");
    let cached_rt = runtime(Some(&cache_dir)).await;
    let mut cold = Vec::new();
    let mut warm = Vec::new();
    for n in 0..5 {
        let b = variant(&bytes, n);
        let t = Instant::now();
        cached_rt
            .load_bytes("hostile", tgmcp::runtime::plugin::Origin::Builtin, &b)
            .await
            .unwrap();
        cold.push(t.elapsed());
        let t = Instant::now();
        cached_rt
            .load_bytes("hostile", tgmcp::runtime::plugin::Origin::Builtin, &b)
            .await
            .unwrap();
        warm.push(t.elapsed());
    }
    let (c, w) = (pct(cold, 0.5), pct(warm, 0.5));
    println!(
        "load a {} KB component (compile + link + describe):",
        bytes.len() / 1024
    );
    println!("  compiled  p50 {:7.1} ms", c.as_secs_f64() * 1e3);
    println!(
        "  cached    p50 {:7.1} ms   ({:.0}x faster)",
        w.as_secs_f64() * 1e3,
        c.as_secs_f64() / w.as_secs_f64()
    );

    // Hot reload: file written -> registry swapped (what tools/list sees).
    for (label, cache) in [("no cache", None), ("cached", Some(cache_dir.as_path()))] {
        let dir = tempfile::tempdir().unwrap();
        let rt = runtime(cache).await;
        rt.load_dir(dir.path()).await.unwrap();
        tgmcp::runtime::watcher::spawn(rt.clone(), dir.path().to_path_buf());
        tokio::time::sleep(Duration::from_millis(200)).await;
        let mut lat = Vec::new();
        for n in 0..5 {
            let file = dir.path().join("hot.wasm");
            let _ = std::fs::remove_file(&file);
            wait_for(&rt, false).await;
            let b = variant(&bytes, if cache.is_some() { n } else { 100 + n });
            let t = Instant::now();
            std::fs::write(&file, &b).unwrap();
            wait_for(&rt, true).await;
            lat.push(t.elapsed());
        }
        println!(
            "hot reload, file written -> tools listed ({label}): p50 {:.0} ms (includes the {} ms debounce)",
            pct(lat, 0.5).as_secs_f64() * 1e3,
            tgmcp::runtime::watcher::DEBOUNCE.as_millis()
        );
    }

    // Startup with 20 plugins in the directory.
    let dir = tempfile::tempdir().unwrap();
    for n in 0..20 {
        std::fs::write(
            dir.path().join(format!("p{n:02}.wasm")),
            variant(&bytes, 1000 + n),
        )
        .unwrap();
    }
    let cache2 = tmp.path().join("cache2");
    for label in ["cold (compile)", "cached"] {
        let t = Instant::now();
        let rt = runtime(Some(&cache2)).await;
        rt.load_dir(dir.path()).await.unwrap();
        println!(
            "startup with built-ins + 20 plugins, {label}: {:.0} ms",
            t.elapsed().as_secs_f64() * 1e3
        );
    }
    let t = Instant::now();
    let _rt = runtime(Some(&cache2)).await;
    println!(
        "  baseline: startup with built-ins only (cached): {:.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
}

async fn wait_for(rt: &Runtime, present: bool) {
    let start = Instant::now();
    loop {
        if rt.registry().find("hostile_echo").is_some() == present {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "reload did not happen"
        );
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}
