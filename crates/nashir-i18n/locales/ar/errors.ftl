# Error pages: a heading and a sentence per HTTP status.

error-not-found = الصفحة غير موجودة
error-not-found-text = لم نعثر على الصفحة التي طلبتها. ربما حُذفت أو تغيّر عنوانها.
error-forbidden = غير مسموح
error-forbidden-text = لا تملك صلاحية لهذا الطلب، أو انتهت صلاحية النموذج. أعد تحميل الصفحة وحاول مجدداً.
error-conflict = تغيّر في أثناء عملك
error-conflict-text = حفظ شخص آخر نسخة أحدث منذ فتحت الصفحة. أعد فتحها لترى التغيير.
error-too-many = طلبات كثيرة
error-too-many-text = أرسلت طلبات كثيرة في وقت قصير. انتظر قليلاً ثم حاول مجدداً.
error-method = طلب غير مسموح
error-method-text = لا تقبل هذه الصفحة هذا النوع من الطلبات.
error-too-large = الطلب كبير جداً
error-too-large-text = حجم ما أرسلته يتجاوز الحد المسموح به.
error-timeout = انتهت مهلة الطلب
error-timeout-text = استغرق الطلب وقتاً أطول من المسموح. حاول مرة أخرى.
error-bad-request = طلب غير صالح
error-bad-request-text = تعذّر فهم الطلب. تحقق من العنوان وحاول مجدداً.
error-server = حدث خطأ في الخادم
error-server-text = نعتذر، حدث خطأ غير متوقع. حاول مرة أخرى بعد قليل.
