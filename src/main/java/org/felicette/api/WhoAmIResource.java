package org.felicette.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.felicette.auth.Caller;

/** Who the service thinks the caller is: for checking a deployment's authentication. */
@Path("whoami")
public final class WhoAmIResource {

    /** The JSON answer; {@code user} is null for an anonymous caller. */
    public record WhoAmI(String user, List<String> groups, boolean admin, boolean anonymous) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public WhoAmI whoami(@Context Caller caller) {
        return new WhoAmI(caller.user(), caller.groups().stream().sorted().toList(), caller.admin(),
                caller.isAnonymous());
    }
}
