package dev.steward.agent.testing;

import com.google.protobuf.ByteString;
import dev.steward.agent.v1.ArchiveResource;
import dev.steward.agent.v1.DirectoryResource;
import dev.steward.agent.v1.FileResource;
import dev.steward.agent.v1.MyIdResource;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ServiceName;
import java.nio.charset.StandardCharsets;

/** Short builders for the resources tests send. */
public final class Resources {

  private Resources() {
  }

  public static Resource file(String path, String content, ServiceName... notifies) {
    return file(path, content, 0644, false, notifies);
  }

  public static Resource file(String path, String content, int mode, boolean secret, ServiceName... notifies) {
    return Resource.newBuilder()
        .setId("file:" + path)
        .setFile(FileResource.newBuilder()
            .setPath(path)
            .setContent(ByteString.copyFrom(content, StandardCharsets.UTF_8))
            .setMode(mode)
            .setSecret(secret))
        .addAllNotifies(java.util.List.of(notifies))
        .build();
  }

  public static Resource directory(String path, int mode) {
    return Resource.newBuilder()
        .setId("directory:" + path)
        .setDirectory(DirectoryResource.newBuilder().setPath(path).setMode(mode))
        .build();
  }

  public static Resource myid(String path, int id) {
    return Resource.newBuilder()
        .setId("myid:" + path)
        .setMyid(MyIdResource.newBuilder().setPath(path).setId(id))
        .addNotifies(ServiceName.SERVICE_NAME_ZOOKEEPER)
        .build();
  }

  public static Resource archive(String name, String sha512, ServiceName... notifies) {
    return Resource.newBuilder()
        .setId("archive:" + name)
        .setArchive(ArchiveResource.newBuilder()
            .setName(name)
            .setSha512(sha512)
            .setInstallRoot("/opt")
            .setLink("/opt/kafka"))
        .addAllNotifies(java.util.List.of(notifies))
        .build();
  }
}
