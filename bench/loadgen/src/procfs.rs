//! CPU time and memory of a process and its descendants, from /proc.

use std::fs;

/// CPU time of `pid` and every descendant, ns: the sum over their threads'
/// schedstat (ns resolution; clock ticks are 10 ms), or utime + stime when a
/// kernel has no schedstat.
pub fn cpu_ns_tree(pid: u32) -> u64 {
    tree(pid)
        .iter()
        .map(|p| thread_ns(*p).unwrap_or_else(|| cpu_ticks(*p) * (1e9 / ticks_per_sec()) as u64))
        .sum()
}

fn thread_ns(pid: u32) -> Option<u64> {
    let tasks = fs::read_dir(format!("/proc/{pid}/task")).ok()?;
    let mut sum = 0;
    for t in tasks.flatten() {
        let s = fs::read_to_string(t.path().join("schedstat")).ok()?;
        sum += s.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(sum)
}

fn cpu_ticks(pid: u32) -> u64 {
    let Ok(stat) = fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0;
    };
    // Fields after the command name (which may hold spaces) start at ") ".
    let rest = stat.rsplit_once(") ").map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let n = |i: usize| f.get(i).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    n(11) + n(12)
}

fn parent(pid: u32) -> Option<u32> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(") ")?
        .1
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// `pid` and its descendants.
pub fn tree(pid: u32) -> Vec<u32> {
    let all: Vec<u32> = fs::read_dir("/proc")
        .map(|d| {
            d.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    let mut out = vec![pid];
    let mut i = 0;
    while i < out.len() {
        let p = out[i];
        out.extend(all.iter().copied().filter(|c| parent(*c) == Some(p)));
        i += 1;
    }
    out
}

/// Clock ticks per second (USER_HZ; 100 on Linux).
pub fn ticks_per_sec() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}

fn status_kib(pid: u32, key: &str) -> f64 {
    fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .unwrap_or(0.0)
}

/// A `/proc/PID/status` figure in kB, summed over the tree, in MiB.
fn tree_status_mib(pid: u32, key: &str) -> f64 {
    tree(pid).iter().map(|p| status_kib(*p, key)).sum::<f64>() / 1024.0
}

/// Resident memory of the process tree, MiB.
pub fn rss_mib(pid: u32) -> f64 {
    tree_status_mib(pid, "VmRSS:")
}

/// Anonymous resident memory (heap, stacks; no code pages) of the tree, MiB.
pub fn anon_mib(pid: u32) -> f64 {
    tree_status_mib(pid, "RssAnon:")
}

/// Heap of the tree, MiB: anonymous resident pages of `[heap]` and of unnamed
/// mappings (malloc arenas, large allocations, thread stacks), leaving out the
/// binary's own relocated data (anonymous pages in its file mapping) and the
/// main stack.
pub fn heap_mib(pid: u32) -> f64 {
    let mut kib = 0.0;
    for p in tree(pid) {
        let smaps = fs::read_to_string(format!("/proc/{p}/smaps")).unwrap_or_default();
        let mut counted = false;
        for l in smaps.lines() {
            let mut f = l.split_whitespace();
            match f.next() {
                Some("Anonymous:") if counted => {
                    kib += f.next().and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0)
                }
                // A mapping's header: address range, perms, offset, dev, inode, [name].
                Some(range) if range.contains('-') && !range.ends_with(':') => {
                    let name = f.nth(4);
                    counted = matches!(name, None | Some("[heap]"));
                }
                _ => {}
            }
        }
    }
    kib / 1024.0
}

/// Kernel-side counters of the tree: (minor+major page faults, context
/// switches, user ticks, system ticks).
pub fn counters_tree(pid: u32) -> [u64; 4] {
    let mut out = [0u64; 4];
    for p in tree(pid) {
        if let Ok(stat) = fs::read_to_string(format!("/proc/{p}/stat")) {
            let rest = stat.rsplit_once(") ").map(|(_, r)| r).unwrap_or("");
            let f: Vec<u64> = rest
                .split_whitespace()
                .map(|v| v.parse().unwrap_or(0))
                .collect();
            let n = |i: usize| f.get(i).copied().unwrap_or(0);
            out[0] += n(7) + n(9);
            out[2] += n(11);
            out[3] += n(12);
        }
        if let Ok(tasks) = fs::read_dir(format!("/proc/{p}/task")) {
            for t in tasks.flatten() {
                let st = fs::read_to_string(t.path().join("status")).unwrap_or_default();
                for l in st.lines() {
                    if l.starts_with("voluntary_ctxt_switches:")
                        || l.starts_with("nonvoluntary_ctxt_switches:")
                    {
                        out[1] += l
                            .split_whitespace()
                            .nth(1)
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(0);
                    }
                }
            }
        }
    }
    out
}
