%# Мотивированный отказ в оказании государственной услуги
%#: основание словами (ground_text) со ссылкой на пункт Стандарта
%# (refusal_cite, из forms/rules) и пояснение (reason). Адресат — тот,
%# кто подал заявление (applicant_name, applicant_address, по правилам);
%# дата — день решения (decided_at), подпись — принявшего решение.
%id refusal
%version 2
%title Мотивированный отказ в оказании государственной услуги
%lines 60

%footer
%if pages>1
%rule
%cols * >24
%row Исх. № {journal_no}, код {check_code} | Лист {page} из {pages}
%end

%body
%if reprint=yes
%right ПОВТОРНО, напечатано {today|date}
%end
%center {office_name}
%if office_address
%center {office_address}
%end

%cols * >40
%row Исх. № {journal_no} от {decided_at|date} | {applicant_name}
%if applicant_address
%row | {applicant_address}
%end

%center МОТИВИРОВАННЫЙ ОТКАЗ
%center в оказании государственной услуги

%cols 30 *
%row Государственная услуга: | {service_name_ru}
%row Документы приняты: | {accepted_at|date}, запись в журнале № {journal_no}
%row Иностранец: | {surname|upper} {given_names|upper} {patronymic|upper}

    По результатам рассмотрения представленных документов в оказании государственной услуги отказано.

%row Основание: | {ground_text} ({refusal_cite})
%if reason
%row Пояснение: | {reason}
%end

    Настоящий отказ может быть обжалован в вышестоящем государственном органе либо в суде в порядке, установленном законодательством Республики Казахстан.

%keep
%cols * 24
%if signer_unit
%row {signer_position}, {signer_unit} |
%else
%row {signer_position} |
%end
%row {signer_name} | ________________________
%cols * ^24
%row М. П. | (подпись)

%cols * >30
%row Исполнитель: {inspector_position} {inspector_name} | Код проверки: {check_code}
%end
