# Mail: an article a reader sends a friend, and the editors' notice of a new
# comment.

mail-friend-subject = { $name } خبری برایتان فرستاده است: { $title }
mail-friend-intro = { $name } این خبر را از { $site } برایتان فرستاده است:
mail-friend-read = خواندن متن کامل خبر
mail-friend-note = یادداشت { $name }:
mail-friend-footer = این پیام را دریافت کردید چون یکی از خوانندگان { $site } نشانی شما را در فرم «{ article-send }» نوشت. نشانی شما را جز برای ارسال آن نگه نداشتیم.

mail-comment-subject = دیدگاه تازه در انتظار بررسی: { $title }
mail-comment-intro = { $name } درباره «{ $title }» دیدگاهی نوشت:
mail-comment-review = بررسی آن در اتاق خبر
