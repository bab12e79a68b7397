# The reader's forms under an article (comment, send to a friend), their pages
# and the refusals readers see. A counted noun takes the form Arabic gives it
# after its number (CLDR plural categories): 80 حرفاً, 300 حرف, 3 أحرف.

# The field people leave empty (the honeypot), hidden from them.
form-trap = اترك هذا الحقل فارغاً

# Before the article's headline: «تعليق على: …».
comment-form-on = تعليق على:
comment-form-page-title = تعليق على: { $title }
comment-form-heading = اضافة تعليق
# Before the name of the comment answered: «ردّاً على …:».
comment-form-replying = ردّاً على
comment-form-help = تُنشر التعليقات بعد مراجعة المحررين. لا يظهر بريدك الإلكتروني لأحد.
comment-form-name = الاسم
comment-form-email = البريد الإلكتروني (اختياري، لا يُنشر)
comment-form-text = التعليق
comment-form-text-help = نص عادي حتى { $max ->
        [one] حرف واحد
        [two] حرفين
        [few] { $max } أحرف
        [many] { $max } حرفاً
       *[other] { $max } حرف
    }، و{ $links ->
        [one] رابط واحد
        [two] رابطان
        [few] { $links } روابط
        [many] { $links } رابطاً
       *[other] { $links } رابط
    } على الأكثر.
comment-form-submit = أرسل التعليق
comment-done-heading = شكراً على تعليقك
comment-done-text = وصل تعليقك وهو بانتظار مراجعة المحررين، ويظهر تحت الخبر بعد الموافقة عليه.

friend-form-heading = ارسال الخبر الى صديق
friend-form-unavailable = خدمة إرسال الأخبار بالبريد الإلكتروني غير متاحة على هذا الموقع حالياً.
friend-form-help = نرسل إلى صديقك عنوان الخبر ومقدمته ورابطه، وملاحظتك إن كتبتها. لا نحفظ عنوانه لغير ذلك.
friend-form-name = اسمك
friend-form-to = بريد صديقك الإلكتروني
friend-form-note = ملاحظة قصيرة (اختيارية)
friend-form-note-help = نص عادي حتى { $max ->
        [one] حرف واحد
        [two] حرفين
        [few] { $max } أحرف
        [many] { $max } حرفاً
       *[other] { $max } حرف
    }، بلا روابط.
friend-form-submit = أرسل الخبر
friend-done-heading = أُرسل الخبر
friend-done-text = سيصل الخبر إلى بريد صديقك خلال دقائق.

## Refusals: why a form was not accepted.

form-stale = انتهت صلاحية النموذج أو لم يُرسل من صفحته. أعدنا فتحه لك بما كتبت؛ أرسله مجدداً.
form-trap-filled = تعذّر قبول النموذج: امتلأ حقل يجب أن يبقى فارغاً.
form-too-fast = أُرسل النموذج أسرع مما يكتب الناس. انتظر بضع ثوانٍ ثم أرسله مجدداً.
name-too-long = الاسم أطول من { $max ->
        [one] حرف واحد
        [two] حرفين
        [few] { $max } أحرف
        [many] { $max } حرفاً
       *[other] { $max } حرف
    }.
comment-name-missing = اكتب اسمك.
comment-name-link = لا يُقبل رابط في الاسم.
comment-email-invalid = عنوان البريد الإلكتروني غير صحيح. اكتبه مثل name@example.com أو اتركه فارغاً.
comment-text-missing = اكتب نص التعليق.
comment-text-long = التعليق أطول من { $max ->
        [one] حرف واحد
        [two] حرفين
        [few] { $max } أحرف
        [many] { $max } حرفاً
       *[other] { $max } حرف
    }. اختصره ثم أرسله.
comment-text-links = في التعليق روابط كثيرة؛ الحد { $max ->
        [one] رابط واحد
        [two] رابطان
        [few] { $max } روابط
        [many] { $max } رابطاً
       *[other] { $max } رابط
    }.
comment-too-many = أرسلت تعليقات كثيرة في وقت قصير. انتظر عشر دقائق ثم حاول مجدداً.
comment-duplicate = وصلنا هذا التعليق من قبل؛ هو بانتظار المراجعة أو منشور.
comment-reply-missing = التعليق الذي ترد عليه غير موجود.
friend-name-missing = اكتب اسمك ليعرف صديقك من أرسل الخبر.
friend-to-invalid = عنوان بريد صديقك غير صحيح. اكتب عنواناً واحداً مثل name@example.com.
friend-note-long = الملاحظة أطول من { $max ->
        [one] حرف واحد
        [two] حرفين
        [few] { $max } أحرف
        [many] { $max } حرفاً
       *[other] { $max } حرف
    }.
friend-links = لا تُقبل الروابط في الاسم أو الملاحظة؛ رابط الخبر يُضاف وحده.
friend-unavailable = خدمة إرسال الأخبار بالبريد غير متاحة حالياً.
friend-too-many = أُرسلت رسائل كثيرة من عنوانك أو إلى هذا العنوان. حاول مجدداً بعد ساعة.
