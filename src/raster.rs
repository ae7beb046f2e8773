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
/// Changes whenever a PNG made from the same SVG would differ: the renderer, the fonts,
/// how the PNG is encoded.
const VERSION: &str = "resvg-0.49/liberation-2.1.5/rgba8-balanced/1";

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
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, size.width(), size.height());
        // RGBA as drawn: on white every pixel is opaque (and so not premultiplied), and
        // an alpha channel that is all 255 costs the compression next to nothing.
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Balanced);
        encoder.add_text_chunk(KEYWORD.to_string(), key(svg, scale))?;
        let mut writer = encoder.write_header()?;
        writer.write_image_data(pixmap.data())?;
        writer.finish()?;
        Ok(out)
    }
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

    #[test]
    fn a_png_is_drawn_at_its_scale_with_its_key() {
        let png = Rasterizer::new().png(SVG, 2).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(&png));
        let mut reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert_eq!((info.width, info.height), (80, 40));
        assert_eq!(png_key(&png), Some(key(SVG, 2).as_str()));
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut pixels).unwrap();
        // The square is drawn in its colour, the rest is white, and the text has ink.
        assert_eq!(&pixels[..4], &[0x1f, 0x4e, 0x79, 0xff]);
        let right_half_dark = (0..40)
            .flat_map(|y| (44..80).map(move |x| (y * 80 + x) * 4))
            .filter(|&i| pixels[i] < 0x80)
            .count();
        assert!(right_half_dark > 10, "the é left no ink: {right_half_dark}");
        assert_eq!(pixels[(39 * 80 + 79) * 4], 0xff);
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
