# The front page, lists (sections, tags, authors, the archive, most read),
# the corrections page, static pages and feeds.

home-empty = هنوز خبری منتشر نشده است.
home-latest = تازه‌ترین اخبار
home-more = اخبار بیشتر

list-tag = برچسب: { $name }
# $date: the day as the site writes dates.
list-archive-day = آرشیو { $date }
list-archive-month = آرشیو { $month } { $year }
list-period = بازه
list-follow-rss = دنبال کردن با RSS
list-empty = هنوز خبری اینجا نیست.

most-read-today = امروز
most-read-week = این هفته
most-read-about-today = پربازدیدترین اخبار امروز در { $site }
most-read-about-week = پربازدیدترین اخبار این هفته در { $site }

corrections-about = آنچه پس از انتشار در اخبارمان اصلاح کردیم، و زمان آن. به‌روزرسانی‌هایی که مطلب تازه‌ای می‌افزایند اینجا نمی‌آیند.
corrections-description = آنچه پس از انتشار در اخبارمان اصلاح کردیم، و زمان آن.
corrections-empty = اصلاحیه‌ای منتشر نشده است.

# Before the date a static page was last changed.
static-page-updated = آخرین بروزرسانی:

feed-description = تازه‌ترین اخبار { $site }
