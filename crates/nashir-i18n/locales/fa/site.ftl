# The frame of every reader page (base.html), and what several pages share.

site-skip-link = پرش به محتوا
site-sections = بخش‌ها
site-search = جستجو در سایت
site-search-field = جستجو در سایت
site-search-placeholder = جستجو…
site-search-button = جستجو
site-urgent = فوری
site-about = درباره سایت

# Page names, in the footer and as headings.
latest-title = همه اخبار
most-read-title = پربازدیدترین‌ها
corrections-title = اصلاحیه‌ها

back-to-article = بازگشت به خبر
back-home = بازگشت به صفحه اصلی

# A list's pages (newer, older).
list-pages = صفحه‌ها
pager-newer = جدیدتر
pager-older = قدیمی‌تر

# This language, named in itself (the language switcher).
language-name = فارسی
