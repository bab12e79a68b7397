# Mail: an article a reader sends a friend, and the editors' notice of a new
# comment.

mail-friend-subject = { $name } يرسل إليك خبراً: { $title }
mail-friend-intro = { $name } أرسل إليك هذا الخبر من { $site }:
mail-friend-read = اقرأ الخبر كاملاً
mail-friend-note = ملاحظة من { $name }:
mail-friend-footer = وصلتك هذه الرسالة لأن أحد قراء { $site } كتب عنوانك في نموذج «{ article-send }». لم نحفظ عنوانك لغير إرسالها.

mail-comment-subject = تعليق جديد بانتظار المراجعة: { $title }
mail-comment-intro = كتب { $name } تعليقاً على «{ $title }»:
mail-comment-review = راجعه في غرفة الأخبار
