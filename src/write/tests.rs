use super::*;
use std::collections::BTreeMap;

/// A disk writer for `dir`, for a site in the folder that holds it.
fn disk(dir: &Path) -> Result<Writer> {
    Writer::disk(dir, dir.parent().unwrap())
}

/// Writes a whole [`Output`] into `dir`, as a build does file by file.
fn write_site(output: &Output, dir: &Path) -> Result<WriteStats> {
    let writer = disk(dir)?;
    for (path, bytes) in output.files() {
        writer.add(path, bytes);
    }
    writer.commit()
}

#[test]
fn replaces_the_old_site_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("public");
    let mut first = Output::default();
    first.add("index.html", "one").unwrap();
    first.add("old/only.html", "gone later").unwrap();
    write_site(&first, &dir).unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.join("index.html")).unwrap(),
        "one"
    );

    let mut second = Output::default();
    second.add("index.html", "two").unwrap();
    write_site(&second, &dir).unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.join("index.html")).unwrap(),
        "two"
    );
    assert!(!dir.join("old/only.html").exists());
    // One side folder is kept, holding the previous site for the next build.
    let mut names: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![".public.jaarverslag".to_string(), "public".to_string()]
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join(".public.jaarverslag/index.html")).unwrap(),
        "one"
    );
}

#[test]
fn only_changed_files_are_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("public");
    let mut out = Output::default();
    out.add("a/index.html", "a").unwrap();
    out.add("b/index.html", "b").unwrap();
    out.add("c.css", "c").unwrap();
    assert_eq!(write_site(&out, &dir).unwrap().written, 3);
    // The side folder is empty the second time, but the output folder has every file:
    // each is linked from there, none written again.
    let stats = write_site(&out, &dir).unwrap();
    assert_eq!((stats.written, stats.unchanged, stats.linked), (0, 3, 3));
    // The third time, the side folder holds the same site: nothing is written.
    let stats = write_site(&out, &dir).unwrap();
    assert_eq!((stats.written, stats.unchanged, stats.removed), (0, 3, 0));
    let mut changed = Output::default();
    changed.add("a/index.html", "A").unwrap();
    changed.add("c.css", "c").unwrap();
    let stats = write_site(&changed, &dir).unwrap();
    // b/ and its file went; a changed; c stayed.
    assert_eq!((stats.written, stats.unchanged, stats.removed), (1, 1, 2));
    // The next build's side folder has the old a, the output folder the new one: linked.
    let stats = write_site(&changed, &dir).unwrap();
    assert_eq!(
        (stats.written, stats.unchanged, stats.linked, stats.removed),
        (0, 2, 1, 2)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("a/index.html")).unwrap(),
        "A"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("a/index.html")).unwrap(),
        "A"
    );
    assert!(!dir.join("b").exists());
}

#[test]
fn a_file_where_a_folder_was_and_back() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("public");
    let mut one = Output::default();
    one.add("x/index.html", "folder").unwrap();
    let mut two = Output::default();
    two.add("x", "file").unwrap();
    // Every order of the two, including a folder needed where the side folder holds
    // a file.
    for out in [&one, &two, &two, &one, &one, &two] {
        write_site(out, &dir).unwrap();
    }
    assert_eq!(std::fs::read_to_string(dir.join("x")).unwrap(), "file");
    write_site(&one, &dir).unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.join("x/index.html")).unwrap(),
        "folder"
    );
}

#[test]
fn leftovers_of_a_killed_build_are_removed() {
    // Only a marked one (since #14: an unmarked folder with such a name is left alone;
    // guard's tests show that).
    let tmp = tempfile::tempdir().unwrap();
    let leftover = tmp.path().join(".public.old-99999");
    std::fs::create_dir_all(leftover.join("a")).unwrap();
    std::fs::write(leftover.join(MARK), MARK_TEXT).unwrap();
    let mut out = Output::default();
    out.add("index.html", "x").unwrap();
    write_site(&out, &tmp.path().join("public")).unwrap();
    assert!(!leftover.exists());
}

#[test]
fn a_build_that_is_not_committed_leaves_the_output_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("public");
    let mut first = Output::default();
    first.add("index.html", "good").unwrap();
    write_site(&first, &dir).unwrap();
    // Half a build, then a failure: the writer is dropped without a commit.
    let writer = disk(&dir).unwrap();
    writer.add("index.html", "half");
    writer.add("new/index.html", "half");
    drop(writer);
    assert_eq!(
        std::fs::read_to_string(dir.join("index.html")).unwrap(),
        "good"
    );
    assert!(!dir.join("new").exists());
    // The side folder it made is gone again.
    assert!(!tmp.path().join(".public.jaarverslag").exists());
    // A kept side folder stays (the next build reuses it), less what the failed build
    // wrote into it (since #14: a build that failed on a full disk must not leave it
    // full).
    write_site(&first, &dir).unwrap();
    let writer = disk(&dir).unwrap();
    writer.add("index.html", "half");
    drop(writer);
    assert_eq!(
        std::fs::read_to_string(dir.join("index.html")).unwrap(),
        "good"
    );
    let side = tmp.path().join(".public.jaarverslag");
    assert!(side.is_dir() && guard::is_marked(&side));
    assert!(!side.join("index.html").exists());
    // And the next build is whole (the file linked from the output folder).
    let stats = write_site(&first, &dir).unwrap();
    assert_eq!((stats.written, stats.unchanged, stats.linked), (0, 1, 1));
    assert_eq!(
        std::fs::read_to_string(dir.join("index.html")).unwrap(),
        "good"
    );
}

#[test]
fn files_from_many_threads_make_one_whole_site() {
    use rayon::prelude::*;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("public");
    let paths: Vec<String> = (0..400)
        .map(|i| format!("s{}/p{}/index.html", i % 7, i))
        .collect();
    // Twice into fresh folders, and twice over a side folder where `s3` was a file.
    for round in 0..4 {
        if round == 2 {
            let mut other = Output::default();
            other.add("s3", "a file where a folder will be").unwrap();
            write_site(&other, &dir).unwrap();
            write_site(&other, &dir).unwrap();
        }
        let writer = disk(&dir).unwrap();
        paths
            .par_iter()
            .for_each(|p| writer.add(p.clone(), format!("<a href=\"/{p}\">{round}</a>")));
        assert_eq!(writer.len(), 400);
        writer.commit().unwrap();
        let files = walkdir::WalkDir::new(&dir)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file() && e.file_name() != MARK)
            .count();
        assert_eq!(files, 400, "round {round}");
        assert!(guard::is_marked(&dir), "round {round}");
        assert!(std::fs::read_to_string(dir.join("s3/p3/index.html"))
            .unwrap()
            .contains(&format!(">{round}<")));
    }
}

#[test]
fn the_writer_notes_each_pages_links_for_the_link_check() {
    let writer = Writer::memory();
    writer.add("a/index.html", "<a href=\"/b/\">b</a><h2 id=\"x\">x</h2>");
    writer.add("style.css", "a { }");
    let index = writer.index();
    assert!(index.contains("a/index.html") && index.contains("style.css"));
    assert!(!index.contains("b/index.html"));
    drop(index);
    assert_eq!(writer.total_bytes(), 41);
    assert_eq!(writer.into_output().len(), 2);
}

/// Every file under `dir` with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn the_output_and_the_side_folder_carry_the_mark() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("public");
    let side = tmp.path().join(".public.jaarverslag");
    let mut out = Output::default();
    out.add("index.html", "x").unwrap();
    let stats = write_site(&out, &dir).unwrap();
    // The mark is not one of the site's files: not counted, not in the link index.
    assert_eq!(stats.written, 1);
    assert_eq!(std::fs::read_to_string(dir.join(MARK)).unwrap(), MARK_TEXT);
    write_site(&out, &dir).unwrap();
    assert!(guard::is_marked(&dir) && guard::is_marked(&side));
    // The side folder's mark survives the removal of what the build did not make.
    let stats = write_site(&out, &dir).unwrap();
    assert_eq!((stats.written, stats.unchanged, stats.removed), (0, 1, 0));
    assert!(guard::is_marked(&dir) && guard::is_marked(&side));
    // A build may not make a file of that name.
    let writer = disk(&dir).unwrap();
    writer.add(MARK, "mine");
    assert!(writer.commit().is_err());
    assert_eq!(std::fs::read_to_string(dir.join(MARK)).unwrap(), MARK_TEXT);
}

#[test]
fn an_empty_folder_is_taken_over_and_a_full_one_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("public");
    std::fs::create_dir(&dir).unwrap();
    let mut out = Output::default();
    out.add("index.html", "x").unwrap();
    write_site(&out, &dir).unwrap();
    assert!(guard::is_marked(&dir));
    // The empty folder it replaced is now the side folder; the next build uses it.
    write_site(&out, &dir).unwrap();
    assert!(guard::is_marked(&tmp.path().join(".public.jaarverslag")));

    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("notes.txt"), "mine").unwrap();
    let error = disk(&docs).err().unwrap();
    let refused = error.downcast_ref::<Refused>().unwrap();
    assert!(refused
        .message
        .contains("holds files that jaarverslag did not make"));
    // Nothing was made beside it.
    assert!(!tmp.path().join(".docs.jaarverslag").exists());
    assert_eq!(std::fs::read(docs.join("notes.txt")).unwrap(), b"mine");
}

#[test]
fn files_put_in_the_output_during_the_build_stop_the_swap() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("public");
    std::fs::create_dir(&dir).unwrap();
    let writer = disk(&dir).unwrap();
    writer.add("index.html", "x");
    // The user fills the (empty, so accepted) folder while the site is built.
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    let error = writer.commit().unwrap_err();
    assert!(
        error.to_string().contains("did not make (notes.txt)"),
        "{error}"
    );
    assert_eq!(std::fs::read(dir.join("notes.txt")).unwrap(), b"mine");
    assert!(!tmp.path().join(".public.jaarverslag").exists());
}

#[test]
fn a_second_file_at_one_path_fails_the_build_in_every_build() {
    for writer in [Writer::memory(), Writer::links_only()] {
        writer.add("a/index.html", "first");
        writer.add("a/index.html", "second");
        let problems = writer.problems();
        assert_eq!(problems.len(), 1);
        let shown = problems.to_string();
        assert!(shown.contains("output file a/index.html: two files were made at this path"));
        assert!(shown.contains("hint: "), "{shown}");
    }
    let writer = Writer::memory();
    writer.add("a/index.html", "first");
    writer.add("a/index.html", "second");
    assert_eq!(
        writer.into_output().get("a/index.html"),
        Some(&b"first"[..])
    );
    // A shared file keeps the first one made, and is no problem.
    let writer = Writer::memory();
    writer.add_shared("chart.svg", "first");
    writer.add_shared("chart.svg", "second");
    assert!(writer.problems().is_empty());
    assert_eq!(writer.into_output().get("chart.svg"), Some(&b"first"[..]));
    // On disk, the commit fails and the output stays as it was.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("public");
    let mut out = Output::default();
    out.add("a/index.html", "good").unwrap();
    write_site(&out, &dir).unwrap();
    let writer = disk(&dir).unwrap();
    writer.add("a/index.html", "first");
    writer.add("a/index.html", "second");
    let error = writer.commit().unwrap_err();
    assert!(error.to_string().contains("1 error"), "{error:#}");
    assert_eq!(std::fs::read(dir.join("a/index.html")).unwrap(), b"good");
    assert!(!tmp.path().join(".public.jaarverslag").exists());
}

#[test]
fn a_path_that_leaves_the_output_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("public");
    for path in [
        "../escape.html",
        "/etc/x",
        "a/../../x",
        "",
        "a//b",
        "a\\..\\x",
    ] {
        let writer = disk(&dir).unwrap();
        writer.add(path, "x");
        assert_eq!(writer.problems().len(), 1, "{path:?}");
        assert!(writer.commit().is_err(), "{path:?}");
        let mut out = Output::default();
        assert!(out.add(path, "x").is_err(), "{path:?}");
    }
    assert!(!tmp.path().join("escape.html").exists());
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
    let mut out = Output::default();
    out.add("a", "first").unwrap();
    let error = out.add("a", "second").unwrap_err();
    assert_eq!(error.to_string(), "two files at a: the second was not kept");
    assert_eq!(out.get("a"), Some(&b"first"[..]));
}

#[test]
fn a_failed_build_takes_back_what_it_wrote_into_a_kept_side_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("public");
    let side = tmp.path().join(".public.jaarverslag");
    let mut old = Output::default();
    for path in ["index.html", "a/index.html", "b/index.html", "x"] {
        old.add(path, format!("old {path}")).unwrap();
    }
    write_site(&old, &dir).unwrap();
    write_site(&old, &dir).unwrap();
    let side_before = files(&side);
    let output_before = files(&dir);
    let writer = disk(&dir).unwrap();
    writer.add("index.html", "old index.html"); // unchanged: kept
    writer.add("a/index.html", "changed"); // in a folder that was there
    writer.add("new/deep/index.html", "new"); // in folders that were not
    writer.add("x/index.html", "a folder where a file was");
    drop(writer);
    assert_eq!(files(&dir), output_before);
    let side_after = files(&side);
    // What is left is part of the previous site, byte for byte: the unchanged file,
    // the ones this build did not touch, and the mark.
    for (path, bytes) in &side_after {
        assert_eq!(side_before.get(path), Some(bytes), "{}", path.display());
    }
    let left: Vec<String> = side_after
        .keys()
        .map(|p| p.strip_prefix(&side).unwrap().display().to_string())
        .collect();
    assert_eq!(left, [MARK, "b/index.html", "index.html"]);
    assert!(!side.join("new").exists() && !side.join("x").exists());
    // The next build is whole.
    write_site(&old, &dir).unwrap();
    assert_eq!(files(&dir), output_before);
}

/// One PNG written by a disk writer into `dir`: how many were drawn, and the stats.
fn write_png(dir: &Path, svg: &str) -> (usize, WriteStats) {
    let writer = disk(dir).unwrap();
    writer.add("index.html", "page");
    writer.add_png("chart.png", svg.to_string(), 1);
    let drawn = writer.pngs_drawn();
    (drawn, writer.commit().unwrap())
}

const SVG_A: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"><rect width=\"2\" height=\"2\"/></svg>";
const SVG_B: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"><rect width=\"3\" height=\"3\"/></svg>";

#[test]
fn a_png_is_drawn_only_when_its_svg_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("public");
    let png_a = crate::raster::Rasterizer::new().png(SVG_A, 1).unwrap();
    let png_b = crate::raster::Rasterizer::new().png(SVG_B, 1).unwrap();

    // First build: drawn. Second, nothing changed: the side folder is new and empty, but
    // the output folder has it: linked from there (with the page), not drawn.
    assert_eq!(write_png(&dir, SVG_A).0, 1);
    let (drawn, stats) = write_png(&dir, SVG_A);
    assert_eq!((drawn, stats.written, stats.linked), (0, 0, 2));
    // Third: the side folder has it too; nothing is drawn or written.
    let (drawn, stats) = write_png(&dir, SVG_A);
    assert_eq!((drawn, stats.written, stats.unchanged), (0, 0, 2));
    assert_eq!(std::fs::read(dir.join("chart.png")).unwrap(), png_a);

    // The SVG changed: drawn again, with the new picture.
    assert_eq!(write_png(&dir, SVG_B).0, 1);
    assert_eq!(std::fs::read(dir.join("chart.png")).unwrap(), png_b);
    // Back to A: the side folder holds A's PNG from two builds ago, and is kept.
    let (drawn, stats) = write_png(&dir, SVG_A);
    assert_eq!((drawn, stats.written), (0, 0));
    assert_eq!(std::fs::read(dir.join("chart.png")).unwrap(), png_a);
}

#[test]
fn a_png_with_a_large_palette_is_kept_too() {
    // 200 colours: the palette (600 bytes) comes before the key in the file. The writer
    // once read only the first 256 bytes and drew every such PNG again on every build
    // (the 5k site over the previous output: 12.9 s instead of about 1 s).
    let stripes: String = (0..200)
        .map(|i| format!("<rect x=\"{i}\" width=\"1\" height=\"2\" fill=\"rgb({i},0,0)\"/>"))
        .collect();
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"2\">{stripes}</svg>"
    );
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("public");
    assert_eq!(write_png(&dir, &svg).0, 1);
    assert_eq!(write_png(&dir, &svg).0, 0);
    assert_eq!(write_png(&dir, &svg).0, 0);
}

#[test]
fn a_png_with_another_key_is_not_taken_for_ours() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("public");
    write_png(&dir, SVG_A);
    write_png(&dir, SVG_A);
    // Someone put another file in the side folder and the output folder's place.
    for folder in [dir.clone(), tmp.path().join(".public.jaarverslag")] {
        std::fs::write(folder.join("chart.png"), b"\x89PNG\r\n\x1a\nnot ours").unwrap();
    }
    assert_eq!(write_png(&dir, SVG_A).0, 1);
    assert_eq!(
        std::fs::read(dir.join("chart.png")).unwrap(),
        crate::raster::Rasterizer::new().png(SVG_A, 1).unwrap()
    );
}

#[test]
fn in_memory_a_png_waits_until_it_is_asked_for() {
    let writer = Writer::memory();
    writer.add_png("a.png", SVG_A.to_string(), 2);
    writer.add_png("a.png", SVG_B.to_string(), 2);
    assert_eq!(writer.pngs_drawn(), 0);
    let output = writer.into_output();
    assert!(output.contains("a.png"));
    assert_eq!(output.get("a.png"), None);
    // Shared: the first one made is kept.
    assert_eq!(output.png_source("a.png"), Some((SVG_A, 2)));
}
