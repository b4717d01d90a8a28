/*
 * Thread-local variables in an archive member (libtlsdep.a): the member is
 * pulled in by the link only because main.c uses these symbols.
 */
__thread long dep_counter = 7;
__thread char dep_name[32] = "archive member";

long dep_bump(long by)
{
	dep_counter += by;
	return dep_counter;
}
