/*
 * _init and _fini for glibc, which calls them around the constructors
 * and destructors (ELF_INITFINI on x86-64).  A static program gets them
 * from crti.o and crtn.o as the .init and .fini sections; a UKL
 * application has no such sections (its constructors and destructors run
 * from the arrays that linker/ukl-app.lds collects), so both are empty.
 */
void _init(void);
void _fini(void);

void _init(void)
{
}

void _fini(void)
{
}
