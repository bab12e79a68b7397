# The article page (article.html and its parts), its print view, comments,
# live coverage and related stories.

article-print-button = اطبع الخبر
article-live = مباشر
# Before the date: «التحديث الاخير بتاريخ|الأربعاء, يناير 8, 2025».
article-updated = التحديث الاخير بتاريخ
# Before the authors' names.
article-by = بقلم
article-authors-separator = {"، "}
# Before the outlet's name: «المصدر / …».
article-source = المصدر
article-tags = الوسوم
article-actions = أدوات الخبر
article-print = طباعة الخبر
article-send = ارسال الخبر الى صديق
article-comment = اضافة تعليق

article-share = مشاركة الخبر
article-share-label = شارك الخبر
share-whatsapp = شارك عبر واتساب
share-telegram = شارك عبر تلغرام
share-x = شارك عبر إكس
share-facebook = شارك عبر فيسبوك
share-mail = شارك عبر البريد

# Before the count in parentheses.
comments-title = التعليقات
comments-none = لا تعليقات منشورة بعد.
comments-closed = التعليقات مغلقة على هذا الخبر.
comment-label = تعليق { $name }
comment-reply = رد
comment-reply-label = رد على { $name }

# A box of corrections under the body (the page, print, feeds).
corrections-box = تصحيح

live-title = التغطية المباشرة
live-started = بدأت التغطية
live-ended = انتهت التغطية
live-newest = أحدث التحديثات
live-empty = لا تحديثات بعد.
live-edited = (عُدّل)
live-older = تحديثات أقدم

# Said to screen readers when the page fetches new entries (before their count).
live-new = تحديث جديد
live-new-many = تحديثات جديدة:

related-title = اقرأ أيضاً

# The article in the other editions (a list of language names).
article-translations = بلغات أخرى
