//! Images: checked by content, stripped of metadata, stored at responsive widths.

use std::io::Cursor;
use std::path::PathBuf;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use nashir_core::Media;
use nashir_core::permissions::Action;
use object_store::ObjectStoreExt;

use crate::accounts::User;
use crate::app::App;
use crate::editor::EditError;
use crate::limits::{BoundedError, Cancel};
use crate::store::{NewsroomWrite, StoreError};

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

#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("not allowed")]
    Forbidden,
    #[error("no such image")]
    NotFound,
    #[error("the alternative text cannot be empty")]
    EmptyAlt,
    #[error("the file is {size} bytes; the limit is {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    #[error("not a JPEG, PNG or WebP image")]
    Unsupported,
    #[error("the image is {width}×{height} pixels; the limit is {MAX_PIXELS} pixels")]
    TooManyPixels { width: u32, height: u32 },
    #[error("the server is busy with other images; try again in a moment")]
    Busy,
    #[error("the upload was abandoned")]
    Cancelled,
    #[error("the image cannot be read: {0}")]
    Broken(String),
    #[error("storing the image: {0}")]
    Files(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Where image files live: a folder (one node, or a folder every node mounts), or an
/// S3-compatible object store (several nodes).
#[async_trait::async_trait]
pub trait MediaFiles: Send + Sync + 'static {
    async fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), String>;
    async fn get(&self, path: &str) -> Option<Vec<u8>>;
}

/// Media files in a folder (`<data>/media`).
pub struct LocalMedia {
    pub root: PathBuf,
}

#[async_trait::async_trait]
impl MediaFiles for LocalMedia {
    async fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), String> {
        let target = self.root.join(path);
        tokio::task::spawn_blocking(move || {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
            }
            // Written whole or not at all: a reader never sees half a file.
            let temp = target.with_extension("partial");
            std::fs::write(&temp, bytes).map_err(|e| e.to_string())?;
            std::fs::rename(&temp, &target).map_err(|e| e.to_string())
        })
        .await
        .map_err(|e| e.to_string())?
    }

    async fn get(&self, path: &str) -> Option<Vec<u8>> {
        tokio::fs::read(self.root.join(path)).await.ok()
    }
}

/// Media files in an S3-compatible object store, under a prefix of a bucket.
pub struct ObjectMedia {
    store: object_store::aws::AmazonS3,
    prefix: String,
}

impl ObjectMedia {
    /// `url` is `s3://bucket` or `s3://bucket/prefix`; the endpoint, region and keys
    /// come from the usual `AWS_*` variables (`AWS_ENDPOINT` for a store that is not
    /// Amazon's, `AWS_ALLOW_HTTP=true` for one without TLS).
    pub fn from_url(url: &str) -> Result<ObjectMedia, String> {
        Self::with_options(url, &[])
    }

    /// [`from_url`](Self::from_url) with settings given here rather than in the
    /// environment, by their object_store names (`aws_endpoint`, `aws_access_key_id`…).
    pub fn with_options(url: &str, options: &[(&str, &str)]) -> Result<ObjectMedia, String> {
        let rest = url
            .strip_prefix("s3://")
            .ok_or_else(|| format!("media_store «{url}»: only s3://bucket[/prefix] is known"))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let mut builder = object_store::aws::AmazonS3Builder::from_env().with_bucket_name(bucket);
        for (key, value) in options {
            let key = key
                .parse::<object_store::aws::AmazonS3ConfigKey>()
                .map_err(|e| format!("media_store option {key}: {e}"))?;
            builder = builder.with_config(key, *value);
        }
        let store = builder
            .build()
            .map_err(|e| format!("media_store «{url}»: {e}"))?;
        Ok(ObjectMedia {
            store,
            prefix: prefix.trim_matches('/').to_string(),
        })
    }

    fn location(&self, path: &str) -> object_store::path::Path {
        match self.prefix.as_str() {
            "" => object_store::path::Path::from(path),
            prefix => object_store::path::Path::from(format!("{prefix}/{path}")),
        }
    }
}

#[async_trait::async_trait]
impl MediaFiles for ObjectMedia {
    async fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), String> {
        // An object store writes an object whole or not at all.
        self.store
            .put(&self.location(path), bytes.into())
            .await
            .map(drop)
            .map_err(|e| e.to_string())
    }

    async fn get(&self, path: &str) -> Option<Vec<u8>> {
        let found = self.store.get(&self.location(path)).await;
        match found {
            Ok(object) => object.bytes().await.ok().map(|b| b.to_vec()),
            Err(object_store::Error::NotFound { .. }) => None,
            Err(e) => {
                tracing::warn!(path, error = %e, "reading a media file");
                None
            }
        }
    }
}

/// One uploaded image, decoded, turned upright and encoded again at each width.
/// Re-encoding from pixels is what drops EXIF (GPS included) and other metadata.
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

impl App {
    /// Stores an uploaded image with its alternative text; returns it.
    pub async fn upload_image(
        &self,
        user: &User,
        bytes: Vec<u8>,
        alt: &str,
    ) -> Result<Media, MediaError> {
        if !user.may(Action::UploadMedia) {
            return Err(MediaError::Forbidden);
        }
        if bytes.len() > self.site.media_max_bytes {
            return Err(MediaError::TooLarge {
                size: bytes.len(),
                limit: self.site.media_max_bytes,
            });
        }
        if self.media.is_none() {
            return Err(MediaError::Files("no media store".into()));
        }
        // At most two decodes at a time; a full queue is refused at once, and an
        // upload whose request goes away while queued is never decoded.
        let processed = match self
            .decoding
            .run_cancellable(move |cancel| process_image(&bytes, cancel))
            .await
        {
            Ok(done) => done?,
            Err(BoundedError::Busy(_)) => return Err(MediaError::Busy),
            Err(BoundedError::Failed(e)) => return Err(MediaError::Broken(e)),
        };
        let media = self.keep_image(processed, alt, Some(user.id)).await?;
        let (id, alt) = (media.id, &media.alt);
        self.audit(Some(user), "media-upload", &format!("{id}: {alt}"))
            .await;
        Ok(media)
    }

    /// Records a processed image and writes its files; a failed write leaves no row.
    pub(crate) async fn keep_image(
        &self,
        processed: Processed,
        alt: &str,
        created_by: Option<i64>,
    ) -> Result<Media, MediaError> {
        let Some(files) = self.media.clone() else {
            return Err(MediaError::Files("no media store".into()));
        };
        let widths: Vec<u32> = processed.files.iter().map(|(w, _)| *w).collect();
        let alt: String = alt.trim().chars().take(500).collect();
        let media = self
            .store
            .add_media(
                processed.ext,
                (processed.width, processed.height),
                &widths,
                &alt,
                created_by,
                self.clock.now(),
            )
            .await?;
        let (id, ext) = (media.id, processed.ext);
        for (w, bytes) in processed.files {
            if let Err(e) = files.put(&format!("{id}/{w}.{ext}"), bytes).await {
                self.store.delete_media(id).await?;
                return Err(MediaError::Files(e));
            }
        }
        Ok(media)
    }

    /// Changes an image's alternative text: its uploader may, and whoever may edit
    /// anyone's articles. It cannot be emptied (that would dodge the rule that a
    /// published article's images have one).
    pub async fn set_media_alt(&self, user: &User, id: i64, alt: &str) -> Result<(), MediaError> {
        if !user.may(Action::UploadMedia) {
            return Err(MediaError::Forbidden);
        }
        let media = self.store.media(id).await?.ok_or(MediaError::NotFound)?;
        if media.created_by != Some(user.id) && !user.may(Action::EditAny) {
            return Err(MediaError::Forbidden);
        }
        let alt: String = alt.trim().chars().take(500).collect();
        if alt.is_empty() {
            return Err(MediaError::EmptyAlt);
        }
        let target = format!("{id}: {alt}");
        let write = NewsroomWrite::MediaAlt { media: id, alt };
        if !self.write_audited(user, write, "media-alt", target).await? {
            return Err(MediaError::NotFound);
        }
        Ok(())
    }

    /// The newest images first: the media page and the editor's picker, for
    /// anyone in the newsroom.
    pub async fn recent_media(&self, user: &User, limit: u32) -> Result<Vec<Media>, EditError> {
        user.require(Action::EnterNewsroom)?;
        Ok(self.store.recent_media(limit).await?)
    }

    /// A stored media file (`<id>/<width>.<ext>`), if the name is one we make.
    pub async fn media_file(&self, id: &str, file: &str) -> Option<Vec<u8>> {
        let digits =
            |s: &str| !s.is_empty() && s.len() <= 12 && s.bytes().all(|b| b.is_ascii_digit());
        let (width, ext) = file.split_once('.')?;
        if !digits(id) || !digits(width) || !matches!(ext, "jpg" | "png" | "webp") {
            return None;
        }
        self.media
            .as_ref()?
            .get(&format!("{id}/{width}.{ext}"))
            .await
    }
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
