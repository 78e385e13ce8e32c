#ifndef KP_WHATIF_H
#define KP_WHATIF_H
#endif
