// header-check.cc - <kneepain.h> compiles as C++11 (-pedantic -Wall -Wextra
// -Werror) and links with C linkage.  Prints one TAP line.
#include <kneepain.h>
#include <cstdio>
#include <cstring>

int main()
{
    kp_options opts = KP_OPTIONS_INIT;
    kp_model *model = nullptr;
    bool ok = opts.version == KP_OPTIONS_VERSION && kp_model_default(&model) == KP_OK &&
              model != nullptr && std::strcmp(kp_version_string(), KP_VERSION) == 0;
    kp_model_free(model);
    std::printf("1..1\n%s 1 - kneepain.h compiles as C++11 and links with C linkage\n",
                ok ? "ok" : "not ok");
    return ok ? 0 : 1;
}
