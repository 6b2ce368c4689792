/* SPDX-License-Identifier: MIT */
/* okno entry point (placeholder until the CLI lands). */
#include <stdio.h>

int
main(void)
{
	puts("okno");
	return 0;
}
