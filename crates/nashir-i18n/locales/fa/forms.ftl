# The reader's forms under an article (comment, send to a friend), their pages
# and the refusals readers see.

# The field people leave empty (the honeypot), hidden from them.
form-trap = این فیلد را خالی بگذارید

# Before the article's headline: «دیدگاه درباره: …».
comment-form-on = دیدگاه درباره:
comment-form-page-title = دیدگاه درباره: { $title }
comment-form-heading = افزودن دیدگاه
# Before the name of the comment answered: «در پاسخ به …:».
comment-form-replying = در پاسخ به
comment-form-help = دیدگاه‌ها پس از بررسی دبیران منتشر می‌شوند. نشانی ایمیل شما به کسی نشان داده نمی‌شود.
comment-form-name = نام
comment-form-email = ایمیل (اختیاری، منتشر نمی‌شود)
comment-form-text = دیدگاه
comment-form-text-help = متن ساده تا { $max } نویسه و حداکثر { $links } پیوند.
comment-form-submit = ارسال دیدگاه
comment-done-heading = از دیدگاه شما سپاسگزاریم
comment-done-text = دیدگاه شما رسید و در انتظار بررسی دبیران است؛ پس از تأیید، زیر خبر نمایش داده می‌شود.

friend-form-heading = ارسال به دوستان
friend-form-unavailable = ارسال خبر با ایمیل اکنون در این سایت در دسترس نیست.
friend-form-help = تیتر، خلاصه و پیوند خبر را، همراه با یادداشت شما اگر بنویسید، برای دوستتان می‌فرستیم. نشانی او را برای کار دیگری نگه نمی‌داریم.
friend-form-name = نام شما
friend-form-to = ایمیل دوست شما
friend-form-note = یادداشت کوتاه (اختیاری)
friend-form-note-help = متن ساده تا { $max } نویسه، بدون پیوند.
friend-form-submit = ارسال خبر
friend-done-heading = خبر ارسال شد
friend-done-text = خبر تا چند دقیقه دیگر به ایمیل دوستتان می‌رسد.

## Refusals: why a form was not accepted.

form-stale = مهلت این فرم به پایان رسیده یا از صفحه خودش ارسال نشده است. آن را با نوشته‌هایتان دوباره باز کردیم؛ دوباره ارسالش کنید.
form-trap-filled = فرم پذیرفته نشد: فیلدی که باید خالی بماند پر شده است.
form-too-fast = فرم سریع‌تر از آنچه انسان‌ها می‌نویسند ارسال شد. چند ثانیه صبر کنید و دوباره ارسالش کنید.
name-too-long = نام از { $max } نویسه بلندتر است.
comment-name-missing = نام خود را بنویسید.
comment-name-link = نام نمی‌تواند پیوند داشته باشد.
comment-email-invalid = نشانی ایمیل درست نیست. آن را مانند name@example.com بنویسید یا خالی بگذارید.
comment-text-missing = متن دیدگاه را بنویسید.
comment-text-long = دیدگاه از { $max } نویسه بلندتر است. آن را کوتاه کنید و دوباره بفرستید.
comment-text-links = پیوندهای دیدگاه زیاد است؛ حداکثر { $max } پیوند.
comment-too-many = در زمان کوتاهی دیدگاه‌های زیادی فرستادید. ده دقیقه صبر کنید و دوباره امتحان کنید.
comment-duplicate = این دیدگاه پیش‌تر به دست ما رسیده است؛ در انتظار بررسی است یا منتشر شده.
comment-reply-missing = دیدگاهی که به آن پاسخ می‌دهید وجود ندارد.
friend-name-missing = نام خود را بنویسید تا دوستتان بداند چه کسی خبر را فرستاده است.
friend-to-invalid = نشانی ایمیل دوستتان درست نیست. یک نشانی مانند name@example.com بنویسید.
friend-note-long = یادداشت از { $max } نویسه بلندتر است.
friend-links = پیوند در نام یا یادداشت پذیرفته نیست؛ پیوند خبر خودش افزوده می‌شود.
friend-unavailable = ارسال خبر با ایمیل اکنون در دسترس نیست.
friend-too-many = پیام‌های زیادی از نشانی شما یا به این نشانی فرستاده شده است. یک ساعت دیگر دوباره امتحان کنید.
