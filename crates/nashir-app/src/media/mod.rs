//! Images: checked by content, stripped of metadata, stored at responsive widths.
//! The use-cases are here; `images` decodes and encodes, `files` is where the files go
//! (a folder, or an S3-compatible store).

mod files;
mod images;

use nashir_core::Media;
use nashir_core::permissions::Action;

pub use files::{LocalMedia, MediaFiles, ObjectMedia};
pub use images::{MAX_PIXELS, Processed, WIDTHS, process_image, process_picture};

use crate::accounts::User;
use crate::app::App;
use crate::editor::EditError;
use crate::limits::BoundedError;
use crate::records::NewsroomWrite;
use crate::store::StoreError;

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
