%# Мотивированный отказ в оказании государственной услуги
%#: основание — подпункт пункта 10 Стандарта
%# (ground_code, ground_text) и пояснение инспектора (reason).
%id refusal
%version 1
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
%right ПОВТОРНО
%end
%center {office_name}
%if office_address
%center {office_address}
%end

%cols * >40
%row Исх. № {journal_no} от {today|date} | {surname|upper} {given_names|upper} {patronymic|upper}
%if address_stay
%row | {address_stay}
%end

%center МОТИВИРОВАННЫЙ ОТКАЗ
%center в оказании государственной услуги

%cols 30 *
%row Государственная услуга: | {service_name_ru}
%row Документы приняты: | {accepted_at|date}, запись в журнале № {journal_no}

    По результатам рассмотрения представленных документов в оказании государственной услуги отказано.

%row Основание: | подпункт {ground_code} пункта 10 Стандарта государственной услуги: {ground_text}
%if reason
%row Пояснение: | {reason}
%end

    Настоящий отказ может быть обжалован в вышестоящем государственном органе либо в суде в порядке, установленном законодательством Республики Казахстан.

%keep
%cols * 24
%row Начальник подразделения миграционной полиции |
%row {chief_name} | ________________________
%cols * ^24
%row М. П. | (подпись)

%cols * >30
%row Исполнитель: {inspector_position} {inspector_name} | Код проверки: {check_code}
%end
