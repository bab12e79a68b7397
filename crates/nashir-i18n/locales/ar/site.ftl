# The frame of every reader page (base.html), and what several pages share.

site-skip-link = تخطَّ إلى المحتوى
site-sections = الأقسام
site-search = البحث في الموقع
site-search-field = ابحث في الموقع
site-search-placeholder = ابحث…
site-search-button = بحث
site-urgent = عاجل
site-about = عن الموقع

# Page names, in the footer and as headings.
latest-title = كل الأخبار
most-read-title = الأكثر قراءة
corrections-title = التصحيحات

back-to-article = العودة إلى الخبر
back-home = العودة إلى الصفحة الرئيسية

# A list's pages (newer, older).
list-pages = الصفحات
pager-newer = الأحدث
pager-older = الأقدم

# This language, named in itself (the language switcher).
language-name = العربية
