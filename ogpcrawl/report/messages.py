"""The report's words, per language. Azerbaijani is the report's own language and the default.

Templates and row builders only ever say `msg["key"]`; a key missing in one language is a test
failure (tests/report/test_messages.py), not a blank cell.
"""

from __future__ import annotations

from types import MappingProxyType

AZ = {
    # annex cells
    "yes": "Var",
    "no": "Yoxdur",
    "down": "İŞLƏMİR",
    "unknown": "Naməlum",
    "unknown_detail": "səhifə yüklənmədi",
    "rating_none": "—",
    # annex headings
    # Both titles in one form: the 2018 report itself wrote "monitoring cədvəli" (Annex 1) and
    # "monitorinqi cədvəli" (Annex 2); "bəndlərinin monitorinq cədvəli" is the grammatical one.
    "annex1_title": "Əlavə 1. Açıq hökumətin təşviqinə dair 2016-2018-ci illər üçün Milli Fəaliyyət "
    "Planının 2.4, 4.2.1, 4.2.2 və 5.6-cı bəndlərinin monitorinq cədvəli (Yerli icra hakimiyyətləri)",
    "annex2_title": "Əlavə 2. Açıq hökumətin təşviqinə dair 2016-2018-ci illər üçün Milli Fəaliyyət "
    "Planının 2.4, 4.2.1, 4.2.2 və 5.6-cı bəndlərinin monitorinq cədvəli (Mərkəzi icra "
    "hakimiyyətləri)",
    "col_no": "№",
    "col_name_local": "Yerli icra hakimiyyəti",
    "col_name_central": "Mərkəzi icra hakimiyyəti",
    "col_notes": "Qeydlər",
    "col_2.4": "Mobil versiya və sosial şəbəkələr",
    "col_4.2.1": "İctimai şuranın fəaliyyəti",
    "col_4.2.2": "İctimai şura bölməsi",
    "col_5.6": "Satınalmalar bölməsi",
    # the plan's own wording, as the 2018 report quotes it
    "commitment_2.4": "Dövlət orqanlarının internet səhifələrinin mobil versiyalarının "
    "hazırlanması, sosial şəbəkələrdə səhifələrinin açılması və onların aktiv fəaliyyətinin "
    "təmin edilməsi",
    "commitment_4.2.1": "İctimai şuraların fəaliyyətinin təşkil edilməsi, gücləndirilməsi və "
    "davamlılığının təmin edilməsi",
    "commitment_4.2.2": "İctimai şuraların tərkibi və fəaliyyəti ilə bağlı rəsmi internet "
    "resurslarında ayrıca bölmələrin yaradılması və məlumatların mütəmadi yenilənməsi",
    "commitment_5.6": "Büdcə təşkilatları tərəfindən dövlət satınalmaları ilə bağlı məlumatların "
    "internet səhifələrində "
    "yerləşdirilməsi",
    "run_line": "{round}. Monitorinq tarixi: {as_of}.",
    "round_default": "Monitorinq dövrü: {month} {year}",
    "decimal_sep": ",",  # 42,9% (as the 2018 report writes 86,86%)
    "month_names": "yanvar fevral mart aprel may iyun iyul avqust sentyabr oktyabr noyabr dekabr",
    "evidence_hint": "«Var» sözü qərarı verən səhifəyə keçiddir.",
    "not_publishable": "DƏRC ÜÇÜN DEYİL. Bu yoxlamanın nəticələri etibarlı deyil: {reason}.",
    # 2.4 details
    "mobile_missing": "mobil versiya tapılmadı",
    "social_none": "mobil versiya var, sosial şəbəkə hesabı isə tapılmadı",
    # how active an account is (social[].activity), in the report's own words
    "activity_intense": "paylaşımlar intensivdir",
    "activity_active": "paylaşımlar aktivdir",
    "activity_moderate": "paylaşımlar nisbətən aktivdir",
    "activity_weak": "paylaşımlar zəifdir",
    "activity_stopped": "paylaşımlar {month} ayından dayanıb",
    "activity_never": "paylaşım yoxdur",
    "activity_unknown": "aktivliyi bilinmir",
    "last_post": "son paylaşım {date}",
    # 4.2.1 details
    "members_n": "Şuranın {n} üzvü göstərilib",
    "events_n": "{n} tədbir",
    "council_events": "Şuranın {n} tədbiri işıqlandırılıb",
    "last_event": "sonuncusu {date}",
    "council_announcement": "yalnız şuraya seçki elanı və ya sərəncam var; şura formalaşmayıb",
    # 4.2.2 / council statuses
    # sentences after the section's address (the report: "<ünvan> Bölmənin içində heç bir
    # məlumat yerləşdirilməmişdir.")
    "status_absent": "Bölmə yoxdur",
    "status_empty": "Bölmədə heç bir məlumat yerləşdirilməmişdir",
    "status_legislation_only": "Bölmədə yalnız qanunvericilik yerləşdirilib",
    "status_announcement": "Bölmədə şuraya seçki elanı və ya sərəncam yerləşdirilib",
    "status_members": "Bölmədə şuranın üzvləri göstərilib",
    "status_active": "Bölmədə şuranın tədbirləri işıqlandırılır",
    "status_off_topic": "Bölmədə mövzuya aid olmayan məlumat var",
    "status_unknown": "Bölmənin məzmunu yüklənmədi",
    # 5.6
    "items_n": "Bölmədə {n} elan var",
    "last_item": "sonuncusu {date}",
    "portal_only": "yalnız tender.gov.az portalına {n} keçid var",
    # notes
    # every note is a sentence ending in a full stop; a section's address follows in brackets
    # after "Elektron xidmətlər:" / "...aralığı:" a capital, as the 2018 report writes them
    "eservices_n": "Elektron xidmətlər: Saytda {n} adda elektron xidmət göstərilir",
    "eservices_section": "Elektron xidmətlər: Saytda ayrıca bölmə var",
    "eservices_none": "Elektron xidmətlər: Saytda elektron xidmətlərlə bağlı məlumat yoxdur.",
    "eservices_portal": "Elektron xidmətlər: Saytda yalnız elektron hökumət portalına (e-gov.az) "
    "{n} keçid var.",
    "eservices_unknown": "Elektron xidmətlər: Naməlum (səhifə yüklənmədi).",
    "cadence": "Səhifənin yenilənməsi aralığı: Bir ay ərzində orta hesabla {n} məlumat "
    "yerləşdirilir.",
    "cadence_rare": "Səhifənin yenilənməsi aralığı: Ayda 1-dən az məlumat yerləşdirilir.",
    "cadence_none": "Səhifənin yenilənməsi aralığı: Tarixli məlumat tapılmadı.",
    "cadence_unknown": "Səhifənin yenilənməsi aralığı: Naməlum (səhifə yüklənmədi).",
    "news_last": "Sonuncu məlumat {date} tarixində yerləşdirilib.",
    "news_stale": "Həmin dövrdən indiyə qədər ({as_of}) heç bir məlumat yenilənməmişdir.",
    "down_note": "Sayt açılmadı ({error}):",
    # errors (contract codes)
    "error_dns": "domen tapılmadı",
    "error_refused": "bağlantı rədd edildi",
    "error_timeout": "cavab gözləmə müddəti bitdi",
    "error_tls": "TLS xətası",
    "error_http_4xx": "HTTP 4xx",
    "error_http_5xx": "HTTP 5xx",
    "error_redirect_loop": "sonsuz yönləndirmə",
    "error_too_large": "səhifə çox böyükdür",
    "error_robots": "robots.txt faylı yoxlamanı qadağan edir",
    "error_other": "digər xəta",
    # report
    "report_title": "Monitorinq hesabatı",
    "report_subtitle": "«Açıq hökumətin təşviqinə dair 2016-2018-ci illər üçün Milli Fəaliyyət "
    "Planı»nın 2.4, 4.2.1, 4.2.2 və 5.6-cı bəndlərinin icrası vəziyyətinin qiymətləndirilməsi",
    "cover_date": "Monitorinq tarixi: {as_of}",
    "cover_scope": "Monitorinqə {n} dövlət orqanının saytı cəlb edilib: {parts}.",
    "cover_scope_part": "{n} {level}",
    "scope_local": "yerli icra hakimiyyəti orqanı",
    "scope_central": "mərkəzi icra hakimiyyəti orqanı",
    "findings": "Əsas nəticələr",
    "finding_commitment": "{c} ({title}): öhdəliyi əhəmiyyətli və ya tam icra edən qurumlar — "
    "{met} / {n} ({share}).",
    "finding_claim": "Rəsmi məlumatda {claimed} göstərilib; fərq {diff} faiz bəndidir.",
    "finding_unreachable": "Saytı açılmayan qurumlar: {n} / {total}.",
    "finding_no_unreachable": "Monitorinq edilən bütün saytlar açılıb.",
    "method": "Metodologiya",
    "method_intro": "Hər qurumun saytı {as_of} tarixinə olan vəziyyətə görə avtomatik "
    "yoxlanılıb: ana səhifə, menyuda tapılan bölmələr (İctimai şura, Satınalmalar, Elektron "
    "xidmətlər, Xəbərlər) və onların alt səhifələri oxunub, sosial şəbəkə hesabları saytdakı "
    "keçidlərdən götürülüb. Cədvəllərdəki hər «Var» sözü həmin qərarı verən səhifəyə keçiddir.",
    "method_scale": "Öhdəliklərin icrası 4 pilləli şkala ilə qiymətləndirilib: başlanmayıb, "
    "məhdud, əhəmiyyətli, tam. Saytı açılmayan qurumun bütün öhdəlikləri «başlanmayıb» sayılır; "
    "«Naməlum» müvafiq səhifənin yüklənmədiyini bildirir.",
    # the rules of detect/ratings.py, in words; change them together
    "method_2.4": "Mobil versiya (səhifə telefon ekranına uyğunlaşır və ya ayrıca mobil sayt "
    "var), saytdan keçid verilən rəsmi sosial şəbəkə hesabları və onların aktivliyi yoxlanılıb. "
    "Mobil versiya və həftədə bir neçə paylaşım edilən hesab olduqda icra tam (hesablar "
    "oxunmadıqda saytın özündə xəbərlərin ən azı həftəlik yerləşdirilməsi əsas götürülür), "
    "mobil versiya və daha az aktiv hesab olduqda əhəmiyyətli, yalnız biri olduqda və ya bütün "
    "hesablarda paylaşımlar dayandıqda məhdud sayılır.",
    "method_4.2.1": "Saytda şuranın üzvləri göstərilibsə və ya tədbirləri işıqlandırılırsa, şura "
    "formalaşmış sayılır (əhəmiyyətli; üzvləri və tədbirləri birlikdə olduqda tam). Yalnız "
    "seçki elanı və ya sərəncam məhdud icradır.",
    "method_4.2.2": "Saytın menyusunda, tapılmadıqda isə saytdaxili axtarışla «İctimai şura» "
    "bölməsi axtarılıb və məzmunu qiymətləndirilib: son 180 gündə şuranın tədbirləri "
    "işıqlandırılıbsa icra tam, üzvlər və ya daha köhnə tədbirlər göstərilibsə əhəmiyyətli, "
    "bölmə boş, yalnız qanunvericilik və ya mövzuya aid olmayan məlumatdan ibarətdirsə məhdud "
    "sayılır.",
    "method_5.6": "Saytın öz satınalmalar bölməsi axtarılıb: son bir ildə elan yerləşdirilibsə "
    "icra tam, daha köhnə elanlar varsa əhəmiyyətli, elansız bölmə və ya yalnız dövlət "
    "satınalmaları portalına (tender.gov.az) keçid varsa məhdud sayılır.",
    "method_claims": "«Rəsmi iddia» sütunu dövlət orqanlarının rəsmi hesabatlarında göstərilən "
    "icra faizidir (2018: Korrupsiyaya qarşı Mübarizə üzrə Komissiyanın məlumatı).",
    "method_runs": "Texniki məlumat: yoxlama {run_id}, başlanğıc {started_at}, son {finished_at}.",
    "toc": "Mündəricat",
    "summary": "Xülasə",
    "metric": "Göstərici",
    "count": "Say",
    "agencies": "Qurumlar",
    "ref_2018": "2018 hesabatı",
    "level_local": "Yerli icra hakimiyyətləri (YİH)",
    "level_central": "Mərkəzi icra hakimiyyətləri (MİH)",
    "level_both": "Hamısı",
    "all": "hamısı",
    "compliance": "Öhdəliklərin icrası",
    "compliance_note": "Pay: icrası «əhəmiyyətli» və ya «tam» qiymətləndirilən qurumların bütün "
    "monitorinq edilən qurumlar arasında payı (saytı açılmayanlar da daxil olmaqla).",
    "commitment": "Bənd",
    "share_met": "İcra edən",
    "claimed": "Rəsmi iddia",
    "difference": "Fərq",
    "progress": "Əvvəlki yoxlama ilə müqayisə",
    "progress_none": "Müqayisə üçün əvvəlki yoxlama verilməyib.",
    "progress_line": "Əvvəlki yoxlama: {run_id} ({as_of}). İndiki: {run_id2} ({as_of2}).",
    "baseline_partial": "Müqayisə yalnız hər iki yoxlamada olan {n} qurum üzrə aparılıb.",
    "baseline_only_now": "Əvvəlki yoxlamada olmayan {n} qurum ({levels}) müqayisəyə daxil "
    "edilməyib: {names}.",
    "baseline_only_before": "Yalnız əvvəlki yoxlamada olan {n} qurum ({levels}) müqayisəyə "
    "daxil edilməyib: {names}.",
    "baseline_same_date": "Diqqət: hər iki yoxlamanın monitorinq tarixi eynidir ({as_of}).",
    "improved": "irəliləyib",
    "worsened": "geriləyib",
    "unchanged": "dəyişməyib",
    "new": "yeni",
    "gone": "yoxlanılmayıb",
    "change_chart": "İcra payının dəyişməsi (əvvəl → indi)",
    "before": "əvvəl",
    "now": "indi",
    "changes_only": "Yalnız dəyişən qurumlar göstərilir.",
    "no_changes": "Heç bir qurumun reytinqi dəyişməyib.",
    "news_activity": "Xəbər aktivliyi (aylar üzrə)",
    "months_shown": "Son {n} ay, {end} daxil.",
    "per_month": "Ayda orta",
    "last_news": "Son xəbər",
    "agency": "Qurum",
    "rating_not_started": "başlanmayıb",
    "rating_limited": "məhdud",
    "rating_substantial": "əhəmiyyətli",
    "rating_complete": "tam",
    "other_networks": "Facebook-dan başqa istifadə olunan şəbəkələr",
    "stale_rule": "Son xəbəri müşahidə tarixindən ən azı {days} gün əvvəl olan saytlar.",
    "generated": "Hazırlanıb: {finished_at}. Hesabat yalnız saytlarda dərc olunmuş məlumatlara "
    "əsaslanır.",
    # summary metrics
    "m_monitored": "Monitorinq edilən qurumlar",
    "m_type_city": "Şəhər icra hakimiyyətləri",
    "m_type_district": "Rayon icra hakimiyyətləri",
    "m_type_city_district": "Bakı və Gəncə şəhərlərinin rayon icra hakimiyyətləri",
    "m_unreachable": "Saytı işləməyən qurumlar",
    "m_mobile": "Mobil versiyası olan saytlar",
    "m_news_frequent": "Xəbərləri hər gün (ayda ≥ 20) və ardıcıl yenilənən saytlar",
    "m_news_stale": "Müşahidə tarixindən ən azı {days} gün əvvəl yenilənməsi dayanan saytlar",
    "m_news_none": "Tarixli xəbər tapılmayan saytlar",
    "m_search_box": "Saytda axtarış rejimi olanlar",
    "m_social": "Sosial şəbəkə istifadəçisi olanlar",
    "m_social_facebook": "Facebook-da səhifəsi olanlar",
    "m_social_active": "Sosial şəbəkələrdən aktiv istifadə edənlər (həftədə bir neçə xəbər)",
    "m_social_medium": "Sosial şəbəkələrdən orta aktivlikdə istifadə edənlər (ayda bir neçə xəbər)",
    "m_social_quiet": "Sosial şəbəkə səhifələri zəif və ya dayanmış olanlar",
    "m_council_formed": "İctimai şurası formalaşmış (üzvlər və ya tədbirlər göstərilib)",
    "m_council_not_formed": "İctimai şurası formalaşmamış (sayt işləyən qurumlar)",
    "m_council_section": "«İctimai şura» bölməsi olan saytlar",
    "m_council_active": "Bölmədə şuranın tədbirləri işıqlandırılan (sistemli iş)",
    "m_council_members": "Bölmədə yalnız üzvlər göstərilən",
    "m_council_announcement": "Bölmədə yalnız seçki elanı, sərəncam və ya qanunvericilik olan",
    "m_council_irrelevant": "Bölməsi boş və ya mövzuya aid olmayan",
    "m_council_empty": "Bölməsi boş olan",
    "m_procurement": "Öz saytında satınalmalar bölməsi olanlar",
    "m_e_services": "Elektron xidmət göstərənlər",
}

EN = {
    "yes": "Yes",
    "no": "No",
    "down": "NOT WORKING",
    "unknown": "Unknown",
    "unknown_detail": "page could not be loaded",
    "rating_none": "—",
    "annex1_title": "Annex 1. Monitoring table of Open Government National Action Plan "
    "commitments 2.4, 4.2.1, 4.2.2 and 5.6: local executive authorities",
    "annex2_title": "Annex 2. Monitoring table of Open Government National Action Plan "
    "commitments 2.4, 4.2.1, 4.2.2 and 5.6: central executive authorities",
    "col_no": "No",
    "col_name_local": "Local executive authority",
    "col_name_central": "Central executive authority",
    "col_notes": "Notes",
    "col_2.4": "Mobile version and social networks",
    "col_4.2.1": "Public council activity",
    "col_4.2.2": "Public council section",
    "col_5.6": "Procurement section",
    "commitment_2.4": "Mobile versions of government websites, social network pages and their "
    "active use",
    "commitment_4.2.1": "Organising, strengthening and sustaining public councils",
    "commitment_4.2.2": "Separate website sections on public councils, regularly updated",
    "commitment_5.6": "Public procurement information on the budget organisations' websites",
    "run_line": "{round}. Observation date: {as_of}.",
    "round_default": "Monitoring round: {month} {year}",
    "decimal_sep": ".",
    "month_names": "January February March April May June July August September October "
    "November December",
    "evidence_hint": "Each “Yes” links to the page that decided it.",
    "not_publishable": "NOT PUBLISHABLE. The results of this run cannot be relied on: {reason}.",
    "mobile_missing": "no mobile version found",
    "social_none": "a mobile version, but no social network account found",
    "members_n": "{n} council members listed",
    "activity_intense": "posts intensively",
    "activity_active": "posts actively",
    "activity_moderate": "posts fairly actively",
    "activity_weak": "posts rarely",
    "activity_stopped": "stopped posting in {month}",
    "activity_never": "no posts",
    "activity_unknown": "activity unknown",
    "last_post": "last post {date}",
    "events_n": "{n} events",
    "council_events": "{n} council events reported",
    "last_event": "the latest on {date}",
    "council_announcement": "only an election announcement/order; council not formed",
    "status_absent": "No section",
    "status_empty": "The section holds nothing",
    "status_legislation_only": "The section holds legislation only",
    "status_announcement": "The section holds an election announcement or order",
    "status_members": "The section lists the council's members",
    "status_active": "The section reports the council's events",
    "status_off_topic": "The section holds unrelated content",
    "status_unknown": "The section's content could not be loaded",
    "items_n": "The section holds {n} notices",
    "last_item": "the latest on {date}",
    "portal_only": "only {n} links to tender.gov.az",
    "eservices_n": "E-services: the site offers {n} e-services",
    "eservices_section": "E-services: the site has a section for them",
    "eservices_none": "E-services: the site has no information on e-services.",
    "eservices_portal": "E-services: the site only links to the e-government portal (e-gov.az), "
    "{n} links.",
    "eservices_unknown": "E-services: unknown (the page could not be loaded).",
    "cadence": "Update interval: on average {n} items a month.",
    "cadence_rare": "Update interval: fewer than 1 item a month.",
    "cadence_none": "Update interval: no dated items found.",
    "cadence_unknown": "Update interval: unknown (page could not be loaded).",
    "news_last": "The latest item was posted on {date}.",
    "news_stale": "Nothing has been posted since then (up to {as_of}).",
    "down_note": "The site did not open ({error}):",
    "error_dns": "domain not found",
    "error_refused": "connection refused",
    "error_timeout": "timed out",
    "error_tls": "TLS error",
    "error_http_4xx": "HTTP 4xx",
    "error_http_5xx": "HTTP 5xx",
    "error_redirect_loop": "redirect loop",
    "error_too_large": "page too large",
    "error_robots": "disallowed by robots.txt",
    "error_other": "other error",
    "report_title": "Monitoring report",
    "report_subtitle": "Implementation of commitments 2.4, 4.2.1, 4.2.2 and 5.6 of the National "
    "Action Plan on promoting Open Government for 2016-2018",
    "cover_date": "Observation date: {as_of}",
    "cover_scope": "The websites of {n} government bodies were monitored: {parts}.",
    "cover_scope_part": "{n} {level}",
    "scope_local": "local executive authorities",
    "scope_central": "central executive authorities",
    "findings": "Main findings",
    "finding_commitment": "{c} ({title}): agencies meeting the commitment substantially or "
    "completely — {met} / {n} ({share}).",
    "finding_claim": "The official figure is {claimed}; the difference is {diff} percentage "
    "points.",
    "finding_unreachable": "Sites that did not open: {n} / {total}.",
    "finding_no_unreachable": "Every monitored site opened.",
    "method": "Method",
    "method_intro": "Each agency's website was checked automatically as of {as_of}: the home "
    "page, the sections found in its menus (public council, procurement, e-services, news) and "
    "their sub-pages were read; social network accounts are those the site links to. Each "
    "“Yes” in the tables links to the page that decided it.",
    "method_scale": "Each commitment is rated on a four-step scale: not started, limited, "
    "substantial, complete. A site that did not open rates “not started” on every commitment; "
    "“Unknown” means the page concerned could not be loaded.",
    "method_2.4": "A mobile version (the page fits a phone screen, or a separate mobile site), "
    "the official social network accounts linked from the site, and how active they are. A "
    "mobile version and an account posting several times a week rate complete (when no account "
    "can be read, the site's own news at least weekly stands in), a mobile version and a less "
    "active account substantial, only one of them or accounts that all stopped posting limited.",
    "method_4.2.1": "A council counts as formed when the site lists its members or reports its "
    "events (substantial; members and events together: complete). An election announcement or "
    "order alone is limited.",
    "method_4.2.2": "A “Public council” section is looked for in the menus, else with the site's "
    "own search, and its content judged: events reported within 180 days rate complete, "
    "members or older events substantial, an empty section, legislation only or unrelated "
    "content limited.",
    "method_5.6": "The site's own procurement section: notices within a year rate complete, "
    "older notices substantial, a section without notices or only links to the state "
    "procurement portal (tender.gov.az) limited.",
    "method_claims": "The “Official claim” column is the share the government's own reports "
    "state (2018: the Anti-Corruption Commission's report).",
    "method_runs": "Technical detail: run {run_id}, started {started_at}, finished {finished_at}.",
    "toc": "Contents",
    "summary": "Summary",
    "metric": "Indicator",
    "count": "Count",
    "agencies": "Agencies",
    "ref_2018": "2018 report",
    "level_local": "Local executive authorities",
    "level_central": "Central executive authorities",
    "level_both": "All",
    "all": "all",
    "compliance": "Compliance per commitment",
    "compliance_note": "Share: agencies rated “substantial” or “complete”, out of all monitored "
    "agencies (sites that did not open included).",
    "commitment": "Commitment",
    "share_met": "Meeting it",
    "claimed": "Official claim",
    "difference": "Difference",
    "progress": "Progress since the previous run",
    "progress_none": "No previous run was given for comparison.",
    "progress_line": "Previous run: {run_id} ({as_of}). This run: {run_id2} ({as_of2}).",
    "baseline_partial": "The comparison covers only the {n} agencies checked in both runs.",
    "baseline_only_now": "{n} agencies not checked by the previous run ({levels}) are left out "
    "of the comparison: {names}.",
    "baseline_only_before": "{n} agencies checked only by the previous run ({levels}) are left "
    "out of the comparison: {names}.",
    "baseline_same_date": "Note: both runs have the same observation date ({as_of}).",
    "improved": "improved",
    "worsened": "worsened",
    "unchanged": "unchanged",
    "new": "new",
    "gone": "not checked",
    "change_chart": "Share meeting each commitment (before → now)",
    "before": "before",
    "now": "now",
    "changes_only": "Only agencies whose rating changed are listed.",
    "no_changes": "No agency's rating changed.",
    "news_activity": "News activity per month",
    "months_shown": "Last {n} months, up to {end}.",
    "per_month": "Per month",
    "last_news": "Latest news",
    "agency": "Agency",
    "rating_not_started": "not started",
    "rating_limited": "limited",
    "rating_substantial": "substantial",
    "rating_complete": "complete",
    "other_networks": "Networks used besides Facebook",
    "stale_rule": "Sites whose latest news is at least {days} days before the observation date.",
    "generated": "Generated: {finished_at}. The report rests only on what the sites publish.",
    "m_monitored": "Agencies monitored",
    "m_type_city": "City executive authorities",
    "m_type_district": "District executive authorities",
    "m_type_city_district": "District authorities within Baku and Ganja cities",
    "m_unreachable": "Sites that did not work",
    "m_mobile": "Sites with a mobile version",
    "m_news_frequent": "Sites posting news daily (≥ 20 a month) and still posting",
    "m_news_stale": "Sites that stopped posting at least {days} days before the observation date",
    "m_news_none": "Sites with no dated news found",
    "m_search_box": "Sites with a site search",
    "m_social": "Agencies using social networks",
    "m_social_facebook": "Agencies on Facebook",
    "m_social_active": "Agencies using social networks actively (several posts a week)",
    "m_social_medium": "Agencies using social networks with medium activity (several posts a "
    "month)",
    "m_social_quiet": "Agencies whose social pages post rarely or have stopped",
    "m_council_formed": "Public council formed (members or events published)",
    "m_council_not_formed": "No public council formed (working sites)",
    "m_council_section": "Sites with a “Public council” section",
    "m_council_active": "Section reports the council's events (systematic work)",
    "m_council_members": "Section lists members only",
    "m_council_announcement": "Section holds only an election announcement/order or legislation",
    "m_council_irrelevant": "Section empty or off-topic",
    "m_council_empty": "Section empty",
    "m_procurement": "Own procurement section",
    "m_e_services": "Offering e-services",
}

CATALOGUES = {"az": MappingProxyType(AZ), "en": MappingProxyType(EN)}
LANGS = tuple(CATALOGUES)


def catalogue(lang: str):
    """The message dict for `lang`; an unknown language is an error, not a silent fallback."""
    try:
        return CATALOGUES[lang]
    except KeyError:
        raise ValueError(f"unknown report language {lang!r}; choose one of {LANGS}") from None
