%# Вкладыш к паспорту о регистрации, канал портала.
%# Блок электронной цифровой подписи: eds_signer, eds_certificate,
%# eds_signed_at; пока их нет, печатается пустое место для подписи.
%id passport-insert
%version 2
%title Вкладыш к паспорту о регистрации иностранца
%lines 60

%footer
%if pages>1
%rule
%cols * >24
%row Вкладыш № {journal_no}, код {check_code} | Лист {page} из {pages}
%end

%body
%if reprint=yes
%right ПОВТОРНО, напечатано {today|date}
%end
%center ВКЛАДЫШ
%center к паспорту о регистрации иностранца (лица без гражданства)
%center № {journal_no}

%cols 30 *
%row Фамилия, имя, отчество: | {surname|upper} {given_names|upper} {patronymic|upper}
%row Дата рождения: | {birth_date|date}
%row Гражданство: | {citizenship_ru} ({citizenship})
%row Документ: | {doc_type} № {doc_number}
%row Адрес пребывания: | {address_stay}
%row Срок регистрации: | с {period_from|date} по {period_to|date}
%row Принимающая сторона: | {host_name}
%row Подразделение: | {office_name}
%row Дата регистрации: | {decided_at|date}

%keep
%rule
%if eds_signer
%row Документ подписан ЭЦП: | {eds_signer}
%row Сертификат: | {eds_certificate}
%row Дата подписи: | {eds_signed_at|date} {eds_signed_at|time}
%else
%row Подпись (ЭЦП): | ________________________
%end
%rule
%cols * >30
%row Номер записи: {journal_no} | Код проверки: {check_code}
%end
