// Link targets the body may carry: http(s) URLs, `mailto:` addresses and paths
// on this site (`/ar/news/12/slug`). Anything else (javascript:, data:, a path
// relative to the page, `//host` which leaves the site) is refused.

/**
 * The href to store for `value`, or null when it is not one the body takes.
 * `mailto` allows `mailto:` addresses (pasted links keep them; the link
 * dialog asks for web addresses and site paths only).
 */
export function safeHref(value, { mailto = false } = {}) {
  const href = String(value).trim();
  if (href === '' || /[\u0000-\u001f\u007f]/.test(href)) return null;
  if (/^https?:\/\//i.test(href)) {
    let url;
    try {
      url = new URL(href);
    } catch {
      return null;
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return null;
    if (url.username || url.password) return null;
    return url.href;
  }
  if (mailto && /^mailto:[^\s@]+@[^\s@]+$/i.test(href)) return href;
  // A site path; `//host` and `/\host` are other sites to a browser.
  if (href.startsWith('/') && !/^\/[/\\]/.test(href)) return href;
  return null;
}

