//! PNG images from the site's own SVG, with resvg: a chart's PNG beside its SVG, and each
//! page's share image.
//!
//! The fonts are bundled (Liberation Sans, SIL Open Font License 1.1, from Debian's
//! fonts-liberation2; its licence is in assets/fonts/) and loaded from bytes: no system
//! font is ever looked at, so a PNG is the same to the byte on every machine. Liberation
//! Sans has the widths of Arial, one of the fonts the SVG asks for, so the PNG looks like
//! the SVG in a browser that has Arial.
//!
//! Each PNG carries, in a text chunk, the [`key`] of what it was made from (the SVG, the
//! scale and this renderer's version). A build that finds a PNG with the key it would
//! make keeps it instead of drawing it again ([`png_key`] reads it back): a PNG is drawn
//! only when its SVG changed.

use anyhow::{anyhow, Context as _, Result};
use resvg::{tiny_skia, usvg};
use std::sync::Arc;

const REGULAR: &[u8] = include_bytes!("../assets/fonts/LiberationSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../assets/fonts/LiberationSans-Bold.ttf");
const FAMILY: &str = "Liberation Sans";

/// The text chunk's keyword.
const KEYWORD: &str = "jaarverslag-source";
/// A PNG made here has its key within its first this many bytes: the signature (8), the
/// header (25), a palette of up to 256 colours (780) and the key's text chunk (47).
pub const KEY_WITHIN: usize = 1024;
/// Changes whenever a PNG made from the same SVG would differ: the renderer, the fonts,
/// how the PNG is encoded.
const VERSION: &str = "resvg-0.49/liberation-2.1.5/palette-or-rgb8-zlib1/1";

/// Draws SVG documents into PNG files. Loading the fonts takes about a millisecond: a
/// build makes one only when it has a PNG to draw.
pub struct Rasterizer {
    options: usvg::Options<'static>,
}

impl Default for Rasterizer {
    fn default() -> Self {
        Rasterizer::new()
    }
}

impl Rasterizer {
    pub fn new() -> Rasterizer {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(REGULAR.to_vec());
        db.load_font_data(BOLD.to_vec());
        // Every family the SVG names that is not bundled falls back to this one.
        db.set_sans_serif_family(FAMILY);
        db.set_serif_family(FAMILY);
        db.set_monospace_family(FAMILY);
        db.set_cursive_family(FAMILY);
        db.set_fantasy_family(FAMILY);
        let options = usvg::Options {
            font_family: FAMILY.to_string(),
            fontdb: Arc::new(db),
            // The site's SVG has no images; should one ever hold an <image>, it is not
            // read, from a file or anywhere else.
            image_href_resolver: usvg::ImageHrefResolver {
                resolve_data: Box::new(|_, _, _| None),
                resolve_string: Box::new(|_, _| None),
            },
            ..usvg::Options::default()
        };
        Rasterizer { options }
    }

    /// The PNG of `svg`, drawn `scale` times its size in pixels on white, with its
    /// [`key`] in a text chunk.
    pub fn png(&self, svg: &str, scale: u32) -> Result<Vec<u8>> {
        let pixmap = self.draw(svg, scale)?;
        let (width, height) = (pixmap.width(), pixmap.height());
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_depth(png::BitDepth::Eight);
        // Flat colours and anti-aliased text: the real site's 148 PNGs have 256 colours or
        // fewer each, so each is written as a palette (lossless: every pixel keeps its
        // colour), a third of the bytes of RGB, then deflated at zlib's level 1. On the
        // real site (release, hyperfine, 8 runs into an empty folder) that built in
        // 1.09 s against 2.21 s with RGB at level 6, with 4.7 MB of PNG against 5.3 MB;
        // fdeflate's fast mode was faster still but made 12.4 MB, and a share image of
        // 103 kB. An image with more colours is written as RGB (on white every pixel is
        // opaque: no alpha channel).
        encoder.set_compression(png::Compression::Balanced);
        encoder.set_deflate_compression(png::DeflateCompression::Level(1));
        let data = match palette(pixmap.data()) {
            Some((colours, indexes)) => {
                encoder.set_color(png::ColorType::Indexed);
                encoder.set_palette(colours);
                indexes
            }
            None => {
                encoder.set_color(png::ColorType::Rgb);
                pixmap
                    .data()
                    .chunks_exact(4)
                    .flat_map(|p| [p[0], p[1], p[2]])
                    .collect()
            }
        };
        encoder.add_text_chunk(KEYWORD.to_string(), key(svg, scale))?;
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&data)?;
        writer.finish()?;
        Ok(out)
    }

    /// `svg` drawn `scale` times its size in pixels, on white.
    fn draw(&self, svg: &str, scale: u32) -> Result<tiny_skia::Pixmap> {
        let tree = usvg::Tree::from_str(svg, &self.options).context("the SVG cannot be read")?;
        let size = tree
            .size()
            .to_int_size()
            .scale_by(scale as f32)
            .ok_or_else(|| anyhow!("the SVG has no size"))?;
        let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
            .ok_or_else(|| anyhow!("the SVG is too large to draw"))?;
        pixmap.fill(tiny_skia::Color::WHITE);
        resvg::render(
            &tree,
            tiny_skia::Transform::from_scale(scale as f32, scale as f32),
            &mut pixmap.as_mut(),
        );
        Ok(pixmap)
    }
}

/// The colours of an opaque RGBA image (as RGB triples) and each pixel's index among
/// them, if there are no more than 256. A pixel is most often the colour of the one
/// before it (paper, a bar, a line): each run of one colour is measured with slice
/// comparisons (memcmp) and its indexes written at once; the colour that starts a run is
/// found in a small open-addressing table (a `HashMap` with std's SipHash took 3% of a
/// build of 300 publications, most of them share images, in perf). Pixel by pixel, this
/// loop was two thirds of a debug build of that site (8.7 s of CPU).
fn palette(rgba: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    // 1,024 slots for at most 256 colours: a lookup rarely probes twice.
    const SLOTS: usize = 1024;
    const EMPTY: u32 = u32::MAX; // no opaque pixel is this (its alpha byte is not 255)
    let mut keys = [EMPTY; SLOTS];
    let mut values = [0u8; SLOTS];
    let mut colours: Vec<u8> = Vec::with_capacity(256 * 3);
    let pixels = rgba.len() / 4;
    let mut indexes = Vec::with_capacity(pixels);
    let mut at = 0;
    while at < pixels {
        let p = &rgba[at * 4..at * 4 + 4];
        let colour = u32::from_le_bytes([p[0], p[1], p[2], 0]);
        let mut slot = (colour.wrapping_mul(0x9E37_79B1) >> 22) as usize;
        let index = loop {
            if keys[slot] == colour {
                break values[slot];
            }
            if keys[slot] == EMPTY {
                let count = colours.len() / 3;
                if count == 256 {
                    return None;
                }
                keys[slot] = colour;
                values[slot] = count as u8;
                colours.extend_from_slice(&p[..3]);
                break count as u8;
            }
            slot = (slot + 1) % SLOTS;
        };
        let run = run_length(rgba, at, pixels);
        indexes.resize(indexes.len() + run, index);
        at += run;
    }
    Some((colours, indexes))
}

/// How many pixels from `at` on (of `pixels`) have the same four bytes as the one at
/// `at`: at least 1. The pixels `at..at + n` are all alike when the bytes from the
/// second of them equal the bytes from the first, one pixel shorter; `n` is found by
/// doubling and then halving.
fn run_length(rgba: &[u8], at: usize, pixels: usize) -> usize {
    let alike = |n: usize| rgba[at * 4 + 4..(at + n) * 4] == rgba[at * 4..(at + n - 1) * 4];
    let most = pixels - at;
    let mut good = 1;
    let mut step = 1;
    // Doubling: `good` pixels are alike; try `good + step`.
    while good + step <= most && alike(good + step) {
        good += step;
        step *= 2;
    }
    // Halving: the run ends before `good + step`.
    while step > 1 {
        step /= 2;
        if good + step <= most && alike(good + step) {
            good += step;
        }
    }
    good
}

/// What a PNG of `svg` at `scale` is made from, as 16 hex digits: FNV-1a (64 bits) of
/// the renderer's version, the scale and the SVG. It is fixed (unlike std's hasher,
/// which may change between Rust releases), so a PNG's bytes are too.
pub fn key(svg: &str, scale: u32) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let scale = scale.to_le_bytes();
    for part in [VERSION.as_bytes(), &scale[..], svg.as_bytes()] {
        for &byte in part.iter().chain([0xff].iter()) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// The key a PNG made here carries, read from its text chunks (which [`Rasterizer::png`]
/// writes before the image data, so only the start of the file is read); `None` for any
/// other file.
pub fn png_key(bytes: &[u8]) -> Option<&str> {
    let mut rest = bytes.strip_prefix(b"\x89PNG\r\n\x1a\n")?;
    while rest.len() >= 12 {
        let length = u32::from_be_bytes(rest[..4].try_into().ok()?) as usize;
        let kind = &rest[4..8];
        let data = rest.get(8..8 + length)?;
        match kind {
            b"IDAT" | b"IEND" => return None,
            b"tEXt" => {
                if let Some(text) = data.strip_prefix(KEYWORD.as_bytes()) {
                    return std::str::from_utf8(text.strip_prefix(b"\0")?).ok();
                }
            }
            _ => {}
        }
        rest = rest.get(12 + length..)?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\" \
                       viewBox=\"0 0 40 20\"><rect x=\"0\" y=\"0\" width=\"20\" height=\"20\" \
                       fill=\"#1f4e79\"/><text x=\"22\" y=\"15\" font-family=\"system-ui, \
                       sans-serif\" font-size=\"14\">é</text></svg>";

    /// A PNG's size, how it stores its pixels, and its pixels as RGB.
    fn decode(png: &[u8]) -> ((u32, u32), png::ColorType, Vec<u8>) {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
        // A palette's indexes become the colours.
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        let info = reader.info();
        let (size, stored) = ((info.width, info.height), info.color_type);
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let frame = reader.next_frame(&mut pixels).unwrap();
        assert_eq!(frame.color_type, png::ColorType::Rgb);
        (size, stored, pixels)
    }

    #[test]
    fn a_png_is_drawn_at_its_scale_with_its_key() {
        let png = Rasterizer::new().png(SVG, 2).unwrap();
        let (size, _, pixels) = decode(&png);
        assert_eq!(size, (80, 40));
        assert_eq!(png_key(&png), Some(key(SVG, 2).as_str()));
        // The square is drawn in its colour, the rest is white, and the text has ink.
        assert_eq!(&pixels[..3], &[0x1f, 0x4e, 0x79]);
        let right_half_dark = (0..40)
            .flat_map(|y| (44..80).map(move |x| (y * 80 + x) * 3))
            .filter(|&i| pixels[i] < 0x80)
            .count();
        assert!(right_half_dark > 10, "the é left no ink: {right_half_dark}");
        assert_eq!(pixels[(39 * 80 + 79) * 3], 0xff);
    }

    #[test]
    fn every_pixel_keeps_its_colour_with_a_palette_or_without() {
        // 300 stripes of 300 colours: more than a palette holds.
        let stripes: String = (0..300)
            .map(|i| {
                format!(
                    "<rect x=\"{i}\" width=\"1\" height=\"4\" fill=\"rgb({},{},{})\"/>",
                    i % 256,
                    i / 2,
                    255 - i % 256
                )
            })
            .collect();
        let many = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300\" height=\"4\">{stripes}</svg>"
        );
        let r = Rasterizer::new();
        for (svg, stored) in [
            (SVG, png::ColorType::Indexed),
            (many.as_str(), png::ColorType::Rgb),
        ] {
            let drawn: Vec<u8> = r
                .draw(svg, 1)
                .unwrap()
                .data()
                .chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect();
            let (_, how, pixels) = decode(&r.png(svg, 1).unwrap());
            assert_eq!(how, stored);
            assert!(pixels == drawn, "a pixel changed colour ({stored:?})");
        }
    }

    #[test]
    fn runs_of_every_length_keep_every_pixel() {
        // Runs of 1 to 70 pixels of 5 colours, and a last run to the end.
        let mut rgba = Vec::new();
        let mut expected = Vec::new();
        for run in 1..=70usize {
            let c = (run * 7 % 5) as u8;
            for _ in 0..run {
                rgba.extend_from_slice(&[c * 40, 255 - c, c, 255]);
                expected.push(c);
            }
        }
        let (colours, indexes) = palette(&rgba).unwrap();
        assert_eq!(indexes.len(), expected.len());
        for (i, (&index, &c)) in indexes.iter().zip(&expected).enumerate() {
            let at = usize::from(index) * 3;
            assert_eq!(&colours[at..at + 3], &[c * 40, 255 - c, c], "pixel {i}");
        }
        assert_eq!(colours.len(), 5 * 3);
        assert_eq!(palette(&[]), Some((Vec::new(), Vec::new())));
    }

    #[test]
    fn the_same_svg_gives_the_same_bytes_and_another_another_key() {
        let r = Rasterizer::new();
        assert_eq!(r.png(SVG, 1).unwrap(), r.png(SVG, 1).unwrap());
        assert_ne!(key(SVG, 1), key(SVG, 2));
        assert_ne!(key(SVG, 1), key(&SVG.replace("é", "e"), 1));
        assert_eq!(key(SVG, 1).len(), 16);
    }

    #[test]
    fn the_key_is_at_the_start_even_after_a_full_palette() {
        // 256 stripes of 256 colours: the largest palette there is.
        let stripes: String = (0..256)
            .map(|i| format!("<rect x=\"{i}\" width=\"1\" height=\"4\" fill=\"rgb({i},0,0)\"/>"))
            .collect();
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"256\" height=\"4\">{stripes}</svg>"
        );
        let png = Rasterizer::new().png(&svg, 1).unwrap();
        assert_eq!(decode(&png).1, png::ColorType::Indexed);
        // After the palette's 768 bytes (the first 256 bytes, which the writer once read,
        // did not reach it), and within KEY_WITHIN.
        let at = png
            .windows(KEYWORD.len())
            .position(|w| w == KEYWORD.as_bytes())
            .unwrap();
        assert!(at > 768 && at + KEYWORD.len() + 17 <= KEY_WITHIN, "{at}");
        let start = &png[..KEY_WITHIN.min(png.len())];
        assert_eq!(png_key(start), Some(key(&svg, 1).as_str()));
    }

    #[test]
    fn a_file_that_is_not_our_png_has_no_key() {
        assert_eq!(png_key(b"not a png"), None);
        assert_eq!(png_key(b"\x89PNG\r\n\x1a\n\0\0\0\x05tEXt"), None);
        assert_eq!(png_key(&[]), None);
    }

    #[test]
    fn an_svg_that_cannot_be_read_is_an_error_not_a_panic() {
        let r = Rasterizer::new();
        assert!(r.png("<svg", 1).is_err());
        assert!(r.png("not svg at all", 1).is_err());
    }
}
