//! Decoding an upload safely (limits checked from the header) and encoding it again
//! at each stored width, which also drops its metadata.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use super::MediaError;
use crate::limits::Cancel;

/// Widths stored for `srcset` (only those below the original, plus the original
/// itself capped at the largest).
pub const WIDTHS: [u32; 3] = [400, 800, 1600];
/// Larger images are refused from their header, before decoding (a few hundred
/// bytes of PNG can claim gigabytes of pixels).
const MAX_DIMENSION: u32 = 12_000;
pub const MAX_PIXELS: u64 = 40_000_000;
/// What one decode may allocate: 40 megapixels of 8-bit RGBA, not 16-bit.
const MAX_DECODE_BYTES: u64 = 4 * MAX_PIXELS;
const JPEG_QUALITY: u8 = 82;

/// One uploaded image, decoded, turned upright and encoded again at each width.
/// Re-encoding from pixels is what drops EXIF (GPS included) and other metadata.
#[derive(Clone)]
pub struct Processed {
    pub ext: &'static str,
    pub width: u32,
    pub height: u32,
    pub files: Vec<(u32, Vec<u8>)>,
}

/// The file extension of a format we keep; others are refused.
fn extension(format: ImageFormat) -> Result<&'static str, MediaError> {
    match format {
        ImageFormat::Jpeg => Ok("jpg"),
        ImageFormat::Png => Ok("png"),
        ImageFormat::WebP => Ok("webp"),
        _ => Err(MediaError::Unsupported),
    }
}

/// Decodes, checks and encodes an upload, stopping between steps once `cancel`
/// says its request went away.
pub fn process_image(bytes: &[u8], cancel: &Cancel) -> Result<Processed, MediaError> {
    let format = image::guess_format(bytes).map_err(|_| MediaError::Unsupported)?;
    extension(format)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let broken = |e: image::ImageError| match e {
        image::ImageError::Limits(_) => MediaError::TooManyPixels {
            width: 0,
            height: 0,
        },
        e => MediaError::Broken(e.to_string()),
    };
    let mut decoder = reader.into_decoder().map_err(broken)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(MediaError::TooManyPixels { width, height });
    }
    let orientation = decoder.orientation().map_err(broken)?;
    let mut picture = DynamicImage::from_decoder(decoder).map_err(broken)?;
    checkpoint(cancel)?;
    picture.apply_orientation(orientation);
    process_picture(&picture, format, cancel)
}

fn checkpoint(cancel: &Cancel) -> Result<(), MediaError> {
    if cancel.is_cancelled() {
        return Err(MediaError::Cancelled);
    }
    Ok(())
}

/// Encodes a picture at each stored width (none wider than it is).
pub fn process_picture(
    picture: &DynamicImage,
    format: ImageFormat,
    cancel: &Cancel,
) -> Result<Processed, MediaError> {
    let ext = extension(format)?;
    let (width, height) = (picture.width(), picture.height());
    if width == 0 || height == 0 {
        return Err(MediaError::Broken("empty image".into()));
    }
    let mut widths: Vec<u32> = WIDTHS.into_iter().filter(|w| *w < width).collect();
    widths.push(width.min(WIDTHS[WIDTHS.len() - 1]));
    widths.dedup();
    let mut files = Vec::with_capacity(widths.len());
    for w in widths {
        checkpoint(cancel)?;
        let h = ((u64::from(height) * u64::from(w)) / u64::from(width)).max(1) as u32;
        let scaled =
            (w != width).then(|| picture.resize_exact(w, h, image::imageops::FilterType::Triangle));
        files.push((w, encode(scaled.as_ref().unwrap_or(picture), format)?));
    }
    Ok(Processed {
        ext,
        width,
        height,
        files,
    })
}

fn encode(picture: &DynamicImage, format: ImageFormat) -> Result<Vec<u8>, MediaError> {
    let mut out = Vec::new();
    let failed = |e: image::ImageError| MediaError::Broken(e.to_string());
    match format {
        ImageFormat::Jpeg => picture
            .to_rgb8()
            .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
                &mut out,
                JPEG_QUALITY,
            ))
            .map_err(failed)?,
        ImageFormat::WebP => picture
            .to_rgba8()
            .write_with_encoder(image::codecs::webp::WebPEncoder::new_lossless(&mut out))
            .map_err(failed)?,
        _ => picture
            .write_with_encoder(image::codecs::png::PngEncoder::new(&mut out))
            .map_err(failed)?,
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut out = Vec::new();
        img.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut out, 80,
        ))
        .unwrap();
        out
    }

    /// A JPEG with an APP1 (EXIF) segment carrying a marker we can look for.
    pub fn jpeg_with_exif(width: u32, height: u32) -> Vec<u8> {
        let plain = jpeg(width, height);
        let payload = b"Exif\0\0GPS 31.9539N 35.9106E SECRET-LOCATION";
        let mut out = plain[..2].to_vec();
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(payload);
        out.extend_from_slice(&plain[2..]);
        out
    }

    #[test]
    fn jpeg_is_resized_and_stripped() {
        let input = jpeg_with_exif(2000, 1000);
        assert!(input.windows(15).any(|w| w == b"SECRET-LOCATION"));
        let p = process_image(&input, &Cancel::never()).unwrap();
        assert_eq!((p.ext, p.width, p.height), ("jpg", 2000, 1000));
        let widths: Vec<u32> = p.files.iter().map(|(w, _)| *w).collect();
        assert_eq!(widths, [400, 800, 1600]);
        for (w, bytes) in &p.files {
            assert!(
                !bytes.windows(15).any(|x| x == b"SECRET-LOCATION"),
                "{w}: metadata dropped"
            );
            assert!(
                !bytes.windows(4).any(|x| x == b"Exif"),
                "{w}: no EXIF segment"
            );
            let back = image::load_from_memory(bytes).unwrap();
            assert_eq!(back.width(), *w);
        }
    }

    #[test]
    fn small_images_keep_their_size_and_formats_stay() {
        let mut png = Vec::new();
        image::RgbaImage::new(300, 200)
            .write_with_encoder(image::codecs::png::PngEncoder::new(&mut png))
            .unwrap();
        let p = process_image(&png, &Cancel::never()).unwrap();
        assert_eq!(p.ext, "png");
        assert_eq!(p.files.iter().map(|(w, _)| *w).collect::<Vec<_>>(), [300]);
    }

    #[test]
    fn a_pixel_bomb_is_refused_from_its_header() {
        // A small file of 48 megapixels: refused from its header, before decoding.
        let mut png = Vec::new();
        let encoder = image::codecs::png::PngEncoder::new_with_quality(
            &mut png,
            image::codecs::png::CompressionType::Fast,
            image::codecs::png::FilterType::NoFilter,
        );
        use image::ImageEncoder;
        let (w, h) = (8000u32, 6000u32);
        encoder
            .write_image(
                &vec![0u8; (w * h) as usize],
                w,
                h,
                image::ExtendedColorType::L8,
            )
            .unwrap();
        assert!(png.len() < 2_000_000, "{}", png.len());
        assert!(matches!(
            process_image(&png, &Cancel::never()),
            Err(MediaError::TooManyPixels {
                width: 8000,
                height: 6000
            })
        ));
    }

    #[test]
    fn other_content_is_refused_whatever_its_name() {
        assert!(matches!(
            process_image(b"GIF89a....", &Cancel::never()),
            Err(MediaError::Unsupported)
        ));
        assert!(matches!(
            process_image(
                b"<svg xmlns='http://www.w3.org/2000/svg'/>",
                &Cancel::never()
            ),
            Err(MediaError::Unsupported)
        ));
        assert!(matches!(
            process_image(b"", &Cancel::never()),
            Err(MediaError::Unsupported)
        ));
        let mut truncated = jpeg(100, 100);
        truncated.truncate(200);
        assert!(process_image(&truncated, &Cancel::never()).is_err());
    }

    #[test]
    fn an_abandoned_upload_stops_before_encoding() {
        let image = jpeg(1600, 900);
        assert!(process_image(&image, &Cancel::never()).is_ok());
        assert!(matches!(
            process_image(&image, &Cancel::cancelled()),
            Err(MediaError::Cancelled)
        ));
    }
}
