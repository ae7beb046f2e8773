//! Embeds the default theme (`templates/` and `static/`) in the binary, so that
//! `jaarverslag build --root DIR` works for a site that has only `content/`.

use std::fmt::Write as _;
use std::path::Path;

/// The rule of which files are the site's and which an editor or the system left there:
/// the same file the loader, the theme and serve's watcher use.
#[path = "src/walk.rs"]
#[allow(dead_code)]
mod walk;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo:rerun-if-changed=src/walk.rs");
    let mut code = String::new();
    for folder in ["templates", "static"] {
        // Cargo rescans the whole folder, so new files trigger a rebuild too.
        println!("cargo:rerun-if-changed={folder}");
        let root = Path::new(&manifest).join(folder);
        let mut files: Vec<(String, String)> = walkdir::WalkDir::new(&root)
            .into_iter()
            // A skipped folder is skipped with everything in it.
            .filter_entry(|e| e.depth() == 0 || !walk::is_skipped(&e.file_name().to_string_lossy()))
            .map(|entry| entry.unwrap_or_else(|e| panic!("cannot read {}: {e}", root.display())))
            .filter(|entry| entry.file_type().is_file())
            .map(|entry| {
                let relative = entry
                    .path()
                    .strip_prefix(&root)
                    .expect("walkdir stays under its root")
                    .to_string_lossy()
                    .replace('\\', "/");
                (relative, entry.path().display().to_string())
            })
            .collect();
        // Sorted, so that the table (and so the binary) is the same on every machine.
        files.sort();
        let name = folder.to_uppercase();
        writeln!(code, "pub static {name}: &[(&str, &[u8])] = &[").unwrap();
        for (relative, absolute) in files {
            writeln!(code, "    ({relative:?}, include_bytes!({absolute:?})),").unwrap();
        }
        writeln!(code, "];").unwrap();
    }
    std::fs::write(Path::new(&out_dir).join("embedded.rs"), code).expect("write embedded.rs");
}
