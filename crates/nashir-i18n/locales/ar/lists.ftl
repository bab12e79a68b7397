# The front page, lists (sections, tags, authors, the archive, most read),
# the corrections page, static pages and feeds.

home-empty = لا توجد أخبار منشورة بعد.
home-latest = أحدث الأخبار
home-more = المزيد من الأخبار

list-tag = وسم: { $name }
# $date: the day as the site writes dates.
list-archive-day = أرشيف { $date }
list-archive-month = أرشيف { $month } { $year }
list-period = الفترة
list-follow-rss = تابع عبر RSS
list-empty = لا توجد أخبار هنا بعد.

most-read-today = اليوم
most-read-week = هذا الأسبوع
most-read-about-today = الأخبار الأكثر قراءة اليوم في { $site }
most-read-about-week = الأخبار الأكثر قراءة هذا الأسبوع في { $site }

corrections-about = ما صحّحناه في أخبارنا بعد نشرها، ومتى. التحديثات التي تضيف جديداً لا تظهر هنا.
corrections-description = ما صحّحناه في أخبارنا بعد نشرها، ومتى.
corrections-empty = لا تصحيحات منشورة.

# Before the date a static page was last changed.
static-page-updated = آخر تحديث:

feed-description = آخر الأخبار من { $site }
