//! A share card's PNG, written here rather than by the `png` crate so that
//! what every card of an edition has alike is compressed once. A card's
//! rows are deflated as [`Segment`]s, each on its own and ending on a byte
//! (a full flush): the title band above the platform's part and the foot
//! below it are deflated once per background, and only the rows between
//! them for each card. The segments, one after the other, make one zlib
//! stream, whose checksum is put together from theirs.

use flate2::{Compress, Compression, FlushCompress, Status};

/// zlib's level 1 (zlib-ng's "quick" deflate): on the rows of a card, mostly
/// flat colour, it takes two thirds of the time of level 2 for a third more
/// bytes (0.53 against 0.80 ms, 43 against 32 KB), and makes a smaller file
/// than the `png` crate's own fast encoders.
const LEVEL: u32 = 1;

/// Bytes per pixel of the PNG (8-bit RGB: the card is opaque).
const RGB: usize = 3;

/// Rows of an opaque picture, deflated on their own.
pub struct Segment {
    deflated: Vec<u8>,
    /// The Adler-32 of the rows as scanlines, and their length in bytes.
    adler: u32,
    len: u64,
}

/// What deflating takes, kept from one segment to the next: the scanlines'
/// buffer and zlib's state (a few hundred KiB to set up).
pub struct Encoder {
    lines: Vec<u8>,
    compress: Compress,
}

impl Default for Encoder {
    fn default() -> Encoder {
        Encoder {
            lines: Vec::new(),
            compress: Compress::new(Compression::new(LEVEL), false),
        }
    }
}

impl Encoder {
    /// The rows of `rgba` (premultiplied, as tiny-skia draws them, and
    /// opaque, so that they are the plain colours), `width` pixels wide, as
    /// unfiltered PNG scanlines, deflated. The `last` segment of a picture
    /// ends the deflate stream; the others end with a full flush, so that
    /// the next starts on a byte and refers to nothing before it.
    pub fn segment(&mut self, rgba: &[u8], width: usize, last: bool) -> Result<Segment, String> {
        scanlines(rgba, width, &mut self.lines);
        let flush = if last {
            FlushCompress::Finish
        } else {
            FlushCompress::Full
        };
        self.compress.reset();
        Ok(Segment {
            deflated: deflate(&mut self.compress, &self.lines, flush)?,
            adler: simd_adler32::adler32(&self.lines.as_slice()),
            len: self.lines.len() as u64,
        })
    }
}

/// Unfiltered scanlines of the RGBA rows `rgba`, `width` pixels wide, into
/// `lines`: each row a filter byte (0, none) and its pixels without their
/// alpha. (Unfiltered rows beat the "up" filter on a card in both time and
/// size.)
fn scanlines(rgba: &[u8], width: usize, lines: &mut Vec<u8>) {
    let row_in = width * 4;
    let row_out = 1 + width * RGB;
    let rows = rgba.len() / row_in;
    // A byte to spare past the end: each pixel is copied whole, as four
    // bytes, and its alpha then overwritten by the next pixel (or by the
    // next row's filter byte), which compiles to plain 32-bit moves and
    // takes half the time of copying three bytes. Every byte but the spare
    // one is written below: what the last segment left is not cleared first
    // (zeroing 1.6 MB a card was 2.7% of a build's instructions).
    lines.resize(rows * row_out + 1, 0);
    for (y, row) in rgba.chunks_exact(row_in).enumerate() {
        let line = &mut lines[y * row_out..=(y + 1) * row_out];
        line[0] = 0;
        for (x, pixel) in row.chunks_exact(4).enumerate() {
            line[1 + x * RGB..][..4].copy_from_slice(pixel);
        }
    }
    lines.truncate(rows * row_out);
}

/// `data` deflated by `compress` (raw, without zlib's header), up to `flush`.
fn deflate(compress: &mut Compress, data: &[u8], flush: FlushCompress) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(data.len() / 16 + 4096);
    loop {
        let read = compress.total_in() as usize;
        let status = compress
            .compress_vec(&data[read..], &mut out, flush)
            .map_err(|e| e.to_string())?;
        let all_read = compress.total_in() as usize == data.len();
        // Done when the stream has ended, or, for a flush, when it left
        // room in the output: zlib then has nothing more to write.
        let done = match flush {
            FlushCompress::Finish => status == Status::StreamEnd,
            _ => all_read && out.len() < out.capacity(),
        };
        if done {
            return Ok(out);
        }
        out.reserve(out.capacity().max(4096));
    }
}

/// The Adler-32 of two byte strings one after the other, from theirs and
/// the second one's length (zlib's `adler32_combine`).
fn adler32_combine(first: u32, second: u32, second_len: u64) -> u32 {
    const BASE: u32 = 65521;
    let rem = (second_len % u64::from(BASE)) as u32;
    let mut sum1 = first & 0xffff;
    let mut sum2 = (rem * sum1) % BASE;
    sum1 += (second & 0xffff) + BASE - 1;
    sum2 += (first >> 16) + (second >> 16) + BASE - rem;
    if sum1 >= BASE {
        sum1 -= BASE;
    }
    if sum1 >= BASE {
        sum1 -= BASE;
    }
    if sum2 >= BASE << 1 {
        sum2 -= BASE << 1;
    }
    if sum2 >= BASE {
        sum2 -= BASE;
    }
    (sum2 << 16) | sum1
}

/// The PNG, 8-bit RGB, of a `width`×`height` picture whose rows, from the
/// top, are those of `segments`, the last of which ends the stream.
pub fn png(width: u32, height: u32, segments: &[&Segment]) -> Vec<u8> {
    // zlib's header for a 32 KiB window and a fast level; its check bits
    // make it a multiple of 31.
    const ZLIB_HEADER: [u8; 2] = [0x78, 0x5e];
    let (adler, _) = segments.iter().fold((1, 0), |(adler, len), s| {
        (adler32_combine(adler, s.adler, s.len), len + s.len)
    });
    let mut idat = Vec::with_capacity(6 + segments.iter().map(|s| s.deflated.len()).sum::<usize>());
    idat.extend_from_slice(&ZLIB_HEADER);
    for segment in segments {
        idat.extend_from_slice(&segment.deflated);
    }
    idat.extend_from_slice(&adler.to_be_bytes());

    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    // Bit depth 8, colour type 2 (RGB), deflate, adaptive filtering, no interlace.
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);

    let mut png = Vec::with_capacity(idat.len() + 64);
    png.extend_from_slice(b"\x89PNG\r\n\x1a\n");
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &idat);
    chunk(&mut png, b"IEND", &[]);
    png
}

/// Appends to `png` the chunk `kind` holding `data`: its length, type, data
/// and the CRC-32 of its type and data.
fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    let len = u32::try_from(data.len()).expect("a share card's chunk is far below 4 GiB");
    png.extend_from_slice(&len.to_be_bytes());
    png.extend_from_slice(kind);
    png.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    png.extend_from_slice(&crc.finalize().to_be_bytes());
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// An opaque RGBA picture `width`×`height` of a few colours in bands and
    /// a gradient, so that it compresses as a card does but not to nothing.
    fn picture(width: usize, height: usize) -> Vec<u8> {
        let mut rgba = Vec::with_capacity(width * height * 4);
        for y in 0..height {
            for x in 0..width {
                let shade = ((x * 7 + y * 3) % 251) as u8;
                rgba.extend_from_slice(&[
                    shade,
                    (y % 256) as u8,
                    if x < width / 2 { 255 } else { 0 },
                    255,
                ]);
            }
        }
        rgba
    }

    /// A PNG decoded: its header, and its pixels.
    pub(in crate::render::card) fn decoded(png: &[u8]) -> (png::OutputInfo, Vec<u8>) {
        let mut reader = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .expect("a PNG header");
        let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
        let info = reader.next_frame(&mut pixels).expect("a valid image");
        (info, pixels)
    }

    /// RGBA pixels without their alpha.
    pub(in crate::render::card) fn rgb(rgba: &[u8]) -> Vec<u8> {
        rgba.chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect()
    }

    #[test]
    fn segments_make_one_png_of_all_their_rows() {
        let (width, height) = (120, 90);
        let rgba = picture(width, height);
        let row = width * 4;
        // One encoder for them all, as a build keeps one per thread.
        let mut encoder = Encoder::default();
        let top = encoder.segment(&rgba[..20 * row], width, false).unwrap();
        let middle = encoder
            .segment(&rgba[20 * row..71 * row], width, false)
            .unwrap();
        let bottom = encoder.segment(&rgba[71 * row..], width, true).unwrap();
        let png = png(width as u32, height as u32, &[&top, &middle, &bottom]);
        let (info, pixels) = decoded(&png);
        assert_eq!((info.width, info.height), (120, 90));
        assert_eq!(info.color_type, png::ColorType::Rgb);
        assert_eq!(pixels, rgb(&rgba));

        // One segment of the same rows is the same picture.
        let whole = encoder.segment(&rgba, width, true).unwrap();
        let single = super::png(width as u32, height as u32, &[&whole]);
        assert_eq!(decoded(&single).1, pixels);
    }

    #[test]
    fn combined_checksums_are_the_checksum_of_the_whole() {
        let data: Vec<u8> = (0..200_000u32).map(|i| (i * 31 % 253) as u8).collect();
        for cut in [0, 1, 65_520, 65_521, 65_522, 150_000, 200_000] {
            let (a, b) = data.split_at(cut);
            let combined = adler32_combine(
                simd_adler32::adler32(&a),
                simd_adler32::adler32(&b),
                b.len() as u64,
            );
            assert_eq!(
                combined,
                simd_adler32::adler32(&data.as_slice()),
                "cut at {cut}"
            );
        }
    }
}
