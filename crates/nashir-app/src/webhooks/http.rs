//! Deliveries over HTTP(S) (reqwest): redirects are never followed, an answer
//! must come within 10 s, and loopback, private and link-local addresses are
//! refused (so a webhook cannot reach into the site's own network) unless the
//! operator allows them (`webhooks_allow_private`).

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use super::{DeliveryError, WebhookSender};

pub struct HttpWebhooks {
    client: reqwest::Client,
    allow_private: bool,
}

impl HttpWebhooks {
    pub fn new(allow_private: bool) -> Result<HttpWebhooks, String> {
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(10));
        if !allow_private {
            builder = builder.dns_resolver(Arc::new(PublicOnly));
        }
        let client = builder
            .build()
            .map_err(|e| format!("the webhook client: {e}"))?;
        Ok(HttpWebhooks {
            client,
            allow_private,
        })
    }
}

/// An address anyone on the internet could reach: not this machine, not a
/// private or shared network, not link-local (cloud metadata lives there).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || a == 0
                || (a == 100 && (64..128).contains(&b)))
        }
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public(IpAddr::V4(v4)),
            None => {
                let first = v6.segments()[0];
                !(v6.is_loopback()
                    || v6.is_unspecified()
                    || v6.is_multicast()
                    || (first & 0xfe00) == 0xfc00
                    || (first & 0xffc0) == 0xfe80)
            }
        },
    }
}

/// Resolves names to their public addresses only.
struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        Box::pin(async move {
            let found = tokio::net::lookup_host((name.as_str(), 0)).await?;
            let public: Vec<SocketAddr> = found.filter(|a| is_public(a.ip())).collect();
            if public.is_empty() {
                return Err(format!("{} has no public address", name.as_str()).into());
            }
            Ok(Box::new(public.into_iter()) as Addrs)
        })
    }
}

fn failed(message: impl Into<String>) -> DeliveryError {
    DeliveryError {
        message: message.into(),
        status: None,
    }
}

#[async_trait]
impl WebhookSender for HttpWebhooks {
    async fn post(
        &self,
        url: &str,
        headers: &[(&str, String)],
        body: &str,
    ) -> Result<u16, DeliveryError> {
        let parsed = reqwest::Url::parse(url).map_err(|e| failed(format!("address: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(failed("only http and https"));
        }
        // An address written as an IP is not resolved, so it is checked here.
        if !self.allow_private
            && let Some(ip) = parsed
                .host_str()
                .and_then(|h| h.trim_matches(['[', ']']).parse::<IpAddr>().ok())
            && !is_public(ip)
        {
            return Err(failed(format!("{ip} is not a public address")));
        }
        let mut request = self.client.post(parsed).body(body.to_string());
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        let response = request.send().await.map_err(|e| failed(e.to_string()))?;
        let status = response.status().as_u16();
        if response.status().is_success() {
            Ok(status)
        } else {
            Err(DeliveryError {
                message: format!("answered {status}"),
                status: Some(status),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in ["8.8.8.8", "1.1.1.1", "2001:4860:4860::8888"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }

    #[tokio::test]
    async fn private_targets_are_refused_before_any_connection() {
        let sender = HttpWebhooks::new(false).unwrap();
        for url in [
            "http://127.0.0.1:9/",
            "http://[::1]:9/",
            "http://localhost:9/",
            "ftp://example.com/",
        ] {
            let e = sender.post(url, &[], "{}").await.unwrap_err();
            assert!(e.status.is_none(), "{url}: {e}");
        }
    }
}
