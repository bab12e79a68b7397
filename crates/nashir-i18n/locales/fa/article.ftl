# The article page (article.html and its parts), its print view, comments,
# live coverage and related stories.

article-print-button = چاپ این خبر
article-live = زنده
# Before the date: «آخرین بروزرسانی|چهارشنبه ۱۹ دی ۱۴۰۳».
article-updated = آخرین بروزرسانی
# Before the authors' names.
article-by = نوشته
article-authors-separator = {"، "}
# Before the outlet's name: «منبع / …».
article-source = منبع
article-tags = برچسب‌ها
article-actions = ابزارهای خبر
article-print = چاپ خبر
article-send = ارسال به دوستان
article-comment = افزودن دیدگاه

article-share = هم‌رسانی خبر
article-share-label = هم‌رسانی
share-whatsapp = هم‌رسانی در واتس‌اپ
share-telegram = هم‌رسانی در تلگرام
share-x = هم‌رسانی در ایکس
share-facebook = هم‌رسانی در فیسبوک
share-mail = فرستادن با ایمیل

# Before the count in parentheses.
comments-title = دیدگاه‌ها
comments-none = هنوز دیدگاهی منتشر نشده است.
comments-closed = بخش دیدگاه‌های این خبر بسته است.
comment-label = دیدگاه { $name }
comment-reply = پاسخ
comment-reply-label = پاسخ به { $name }

# A box of corrections under the body (the page, print, feeds).
corrections-box = اصلاحیه

live-title = پوشش زنده
live-started = آغاز پوشش
live-ended = پایان پوشش
live-newest = تازه‌ترین به‌روزرسانی‌ها
live-empty = هنوز به‌روزرسانی‌ای نیست.
live-edited = (ویرایش‌شده)
live-older = به‌روزرسانی‌های قدیمی‌تر

# Said to screen readers when the page fetches new entries (before their count).
live-new = به‌روزرسانی تازه
live-new-many = به‌روزرسانی‌های تازه:

related-title = بیشتر بخوانید

# The article in the other editions (a list of language names).
article-translations = به زبان‌های دیگر
