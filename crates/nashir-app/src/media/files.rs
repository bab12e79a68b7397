//! Where image files live: a folder, or an S3-compatible object store.

use std::path::PathBuf;

use object_store::ObjectStoreExt;

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
