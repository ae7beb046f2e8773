//! The output folder is always a whole site (old or new, whatever moment the build is
//! killed at), and two builds of the same input are byte-identical whatever the working
//! folder, time zone or language of the machine.

use crate::site_test::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Makes the fixture big enough that a build spends real time writing.
fn grow(site: &TestSite, publications: usize, word: &str) {
    for i in 0..publications {
        site.write(
            &format!("content/publications/extra-{i:04}.md"),
            format!(
                "---\ntitle: Extra {i} {word}\ndate: 2021-05-18\nkind: persbericht\nnot_figures: {{\"Extra {i}\": a test's count}}\n---\n{}\n",
                format!("Een alinea over {word}. ").repeat(50)
            ),
        );
    }
}

fn build_into(site: &TestSite, out: &Path) {
    let status = Command::new(BIN)
        .args(["build", "--output-dir"])
        .arg(out)
        .arg("--root")
        .arg(site.root())
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn a_killed_build_leaves_the_old_or_the_new_site() {
    let site = TestSite::new("basic");
    let public = site.path("public");
    let reference = tempfile::tempdir().unwrap();

    // The two versions of the site, built whole for reference.
    grow(&site, 150, "eerst");
    let old_dir = reference.path().join("old");
    build_into(&site, &old_dir);
    grow(&site, 150, "daarna");
    let new_dir = reference.path().join("new");
    build_into(&site, &new_dir);
    let versions = [snapshot(&old_dir), snapshot(&new_dir)];
    assert_ne!(versions[0], versions[1]);

    // How long a whole build takes, to spread the kills over it.
    let started = Instant::now();
    build_into(&site, &public);
    let full = started.elapsed();

    // The kills are spread evenly over 0 to 1.5 times a whole build, each at a random
    // moment of its stretch (stratified: every part of the build is sampled, the last
    // third after it ended). It was 50 kills at random moments over twice a build,
    // waiting out each delay: about 53 whole builds, most of the suite's wall time.
    const ROUNDS: u32 = 18;
    let mut seen = [0usize; 2];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for round in 0..ROUNDS {
        // Alternate the content so that every round has something to replace.
        grow(&site, 150, if round % 2 == 0 { "eerst" } else { "daarna" });
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let jitter = (seed >> 33) as f64 / (1u64 << 31) as f64;
        let delay = full.mul_f64((f64::from(round) + jitter) / f64::from(ROUNDS) * 1.5);
        let mut child = Command::new(BIN)
            .arg("build")
            .arg("--root")
            .arg(site.root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Killed at `delay`, or not at all when it ended before.
        let started = Instant::now();
        while started.elapsed() < delay && child.try_wait().unwrap().is_none() {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let now = snapshot(&public);
        let which = versions
            .iter()
            .position(|v| *v == now)
            .unwrap_or_else(|| panic!("round {round} (killed after {delay:?}): public/ is neither the old nor the new site ({} files)", now.len()));
        seen[which] += 1;
    }
    eprintln!("full build {full:?}; old/new after kills: {seen:?}");
    // Both versions were seen: the kills landed before and after the swap.
    assert!(seen[0] > 0 && seen[1] > 0, "{seen:?}");
    // Beside public/ there is only the writer's side folder (which holds the previous
    // site for the next build), however many builds were killed.
    build_into(&site, &public);
    let beside: Vec<PathBuf> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".public")
        })
        .collect();
    assert_eq!(beside, vec![site.path(".public.jaarverslag")]);
}

#[test]
fn builds_are_identical_across_folders_time_zones_and_languages() {
    let site = TestSite::new("basic");
    let outputs = tempfile::tempdir().unwrap();
    let mut snapshots: Vec<BTreeMap<PathBuf, Vec<u8>>> = Vec::new();
    for (i, (cwd, tz, lang)) in [
        (std::env::temp_dir(), "UTC", "C"),
        (
            site.root().to_path_buf(),
            "Pacific/Kiritimati",
            "nl_BE.UTF-8",
        ),
        (PathBuf::from("/"), "America/St_Johns", "fr_BE.UTF-8"),
    ]
    .into_iter()
    .enumerate()
    {
        let out = outputs.path().join(format!("out{i}"));
        let status = Command::new(BIN)
            .current_dir(&cwd)
            .env("TZ", tz)
            .env("LANG", lang)
            .env("LC_ALL", lang)
            .args(["build", "--output-dir"])
            .arg(&out)
            .arg("--root")
            .arg(site.root())
            .status()
            .unwrap();
        assert!(status.success());
        snapshots.push(snapshot(&out));
    }
    assert!(snapshots[0].len() > 30);
    same_files(
        &snapshots[0],
        &snapshots[1],
        "another folder, time zone and language",
    );
    same_files(
        &snapshots[0],
        &snapshots[2],
        "another folder, time zone and language",
    );
}
