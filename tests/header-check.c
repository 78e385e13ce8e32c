/*
 * header-check.c - <kneepain.h> is self-contained and clean under
 * -std=c99 -pedantic -Wall -Wextra -Werror.  Prints one TAP line.
 */
#include <kneepain.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    kp_options opts = KP_OPTIONS_INIT;
    kp_import_options iopts = KP_IMPORT_OPTIONS_INIT;
    int major = -1;
    kp_version(&major, NULL, NULL);
    int ok = opts.version == KP_OPTIONS_VERSION && iopts.version == KP_IMPORT_OPTIONS_VERSION &&
             major == KP_VERSION_MAJOR && strcmp(kp_version_string(), KP_VERSION) == 0 &&
             KP_LEVEL_COUNT == 5;
    printf("1..1\n%s 1 - kneepain.h compiles as strict C99 and matches the library\n",
           ok ? "ok" : "not ok");
    return ok ? 0 : 1;
}
