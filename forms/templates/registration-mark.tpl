%# Штамп о регистрации в миграционной карточке.
%# Оттиск фиксированной ширины (40 знаков) одинаков при 80 и 132 колонках.
%id registration-mark
%version 2
%title Отметка о регистрации

%body
%if reprint=yes
ПОВТОРНО, напечатано {today|date}
%end
+--------------------------------------+
%cols | ^38 |
%row ЗАРЕГИСТРИРОВАН
%row {office_name}
%row до {period_to|date}
%row № {journal_no} от {decided_at|date}
%row {signer_position}
%row {signer_name}
%row подпись ____________  М. П.
+--------------------------------------+
Код проверки: {check_code}
