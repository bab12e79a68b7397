# Error pages: a heading and a sentence per HTTP status.

error-not-found = صفحه پیدا نشد
error-not-found-text = صفحه‌ای را که خواستید نیافتیم. شاید حذف شده یا نشانی‌اش تغییر کرده است.
error-forbidden = مجاز نیست
error-forbidden-text = اجازه این درخواست را ندارید، یا مهلت فرم به پایان رسیده است. صفحه را دوباره بارگذاری کنید و دوباره امتحان کنید.
error-conflict = در حین کار شما تغییر کرد
error-conflict-text = از وقتی صفحه را باز کردید کس دیگری نسخه تازه‌تری ذخیره کرده است. برای دیدن تغییر دوباره بازش کنید.
error-too-many = درخواست‌های زیاد
error-too-many-text = در زمان کوتاهی درخواست‌های زیادی فرستادید. کمی صبر کنید و دوباره امتحان کنید.
error-method = درخواست مجاز نیست
error-method-text = این صفحه این نوع درخواست را نمی‌پذیرد.
error-too-large = درخواست بیش از حد بزرگ است
error-too-large-text = حجم آنچه فرستادید از حد مجاز بیشتر است.
error-timeout = مهلت درخواست به پایان رسید
error-timeout-text = درخواست بیش از زمان مجاز طول کشید. دوباره امتحان کنید.
error-bad-request = درخواست نامعتبر
error-bad-request-text = درخواست قابل فهم نبود. نشانی را بررسی کنید و دوباره امتحان کنید.
error-server = خطای سرور
error-server-text = پوزش می‌خواهیم، خطای غیرمنتظره‌ای رخ داد. کمی بعد دوباره امتحان کنید.
