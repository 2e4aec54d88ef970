package dev.steward.common.state;

import com.google.protobuf.ByteString;
import dev.steward.agent.v1.DirectoryResource;
import dev.steward.agent.v1.FileResource;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ServiceName;
import dev.steward.common.inventory.InstallSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds the resources that appear in more than one phase, owned by the install user. */
public final class Resources {

  public static final int DIRECTORY_MODE = 0755;
  /** Data directories: only the service user needs to read them. */
  public static final int DATA_DIRECTORY_MODE = 0750;
  public static final int CONFIG_FILE_MODE = 0644;
  public static final int SECRET_FILE_MODE = 0600;

  private Resources() {
  }

  /** A directory owned by the install user, its contents left as they are. */
  public static Resource ownedDirectory(String logicalPath, int mode, InstallSpec install) {
    return Resource.newBuilder()
        .setId(ResourceIds.directory(logicalPath))
        .setDirectory(DirectoryResource.newBuilder()
            .setPath(logicalPath)
            .setMode(mode)
            .setOwner(install.user())
            .setGroup(install.group())
            .setRecursiveOwnership(false))
        .build();
  }

  /**
   * A file only the service user may read whose content plans, diffs and logs show as a digest.
   * It notifies no service: Connect reads it when it (re)starts the connector that names it.
   */
  public static Resource secretFile(String logicalPath, String content, InstallSpec install) {
    return Resource.newBuilder()
        .setId(ResourceIds.file(logicalPath))
        .setFile(FileResource.newBuilder()
            .setPath(logicalPath)
            .setContent(ByteString.copyFrom(content, StandardCharsets.UTF_8))
            .setMode(SECRET_FILE_MODE)
            .setOwner(install.user())
            .setGroup(install.group())
            .setSecret(true))
        .build();
  }

  /** A configuration file read by {@code reader} at start, which must restart when it changes. */
  /** The same resource with its file changed by {@code change}. */
  public static Resource withFile(Resource resource, java.util.function.Consumer<FileResource.Builder> change) {
    Resource.Builder builder = resource.toBuilder();
    change.accept(builder.getFileBuilder());
    return builder.build();
  }

  public static Resource configFile(String logicalPath, String content, InstallSpec install, ServiceName reader) {
    return Resource.newBuilder()
        .setId(ResourceIds.file(logicalPath))
        .addAllNotifies(List.of(reader))
        .setFile(FileResource.newBuilder()
            .setPath(logicalPath)
            .setContent(ByteString.copyFrom(content, StandardCharsets.UTF_8))
            .setMode(CONFIG_FILE_MODE)
            .setOwner(install.user())
            .setGroup(install.group()))
        .build();
  }
}
